namespace PassthroughWeb.Data.Access;

/// <summary>
/// How people may sign in, set by an Admin on the sign-in settings page: one row (Id 1). Its absence means the
/// defaults: host accounts on for the host's administrators group, two-factor optional.
/// </summary>
public sealed class SignInSettingsRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Every user must have two-factor sign-in enrolled before using the app.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>Members of the mapped host groups may sign in with their host account through PAM.</summary>
    public bool HostAccountsEnabled { get; set; } = true;

    public List<HostGroupRoleRecord> HostGroupRoles { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
