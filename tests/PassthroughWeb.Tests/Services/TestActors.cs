using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Services;

/// <summary>The people behind actions in the tests, one per role.</summary>
public static class TestActors
{
    public static Actor Admin { get; } = new("alice", Role.Admin, AuthenticationMethod.Password);
    public static Actor Operator { get; } = new("olivia", Role.Operator, AuthenticationMethod.Password);
    public static Actor Viewer { get; } = new("victor", Role.Viewer, AuthenticationMethod.Password);
    public static Actor Startup { get; } = new("root", Role.Admin, AuthenticationMethod.Startup);
}
