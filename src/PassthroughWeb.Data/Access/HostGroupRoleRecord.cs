using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Data.Access;

/// <summary>One line of the host group → role mapping of <see cref="SignInSettingsRecord"/>.</summary>
public sealed class HostGroupRoleRecord
{
    public int Id { get; set; }

    public int SettingsId { get; set; }

    public required string Group { get; set; }

    public Role Role { get; set; }
}
