namespace PassthroughWeb.Core.Access;

/// <summary>
/// What a user may do, each role including the one before it. The numbers order the roles: never renumber one,
/// the database stores the name.
/// </summary>
public enum Role
{
    /// <summary>Sees every page, plan, diff and history entry; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Also scans, applies, verifies, rehearses and rolls back: everything that changes a host.</summary>
    Operator = 1,

    /// <summary>Also manages users and their tokens.</summary>
    Admin = 2,
}
