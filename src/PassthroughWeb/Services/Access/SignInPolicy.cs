using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>How people may sign in: the Admin's sign-in settings, or the defaults while none are saved.</summary>
public sealed record SignInPolicy(bool RequireTwoFactor, bool HostAccountsEnabled, IReadOnlyList<HostGroupRole> HostGroups, bool IsDefault)
{
    /// <summary>The groups whose members may sign in with their host account, for the sign-in page.</summary>
    public IReadOnlyList<string> HostGroupNames => HostAccountsEnabled ? [.. HostGroups.Select(g => g.Group)] : [];
}
