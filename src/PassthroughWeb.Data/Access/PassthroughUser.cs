using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Data.Access;

/// <summary>A person who signs in to the web app (ASP.NET Core Identity's user, with exactly one role).</summary>
public sealed class PassthroughUser : IdentityUser
{
    /// <summary>One role per user, stored by name; the sign-in cookie and every token carry it as a role claim.</summary>
    public Role Role { get; set; } = Role.Viewer;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The user is a host account: PAM checks the password and the host groups give the role, at every sign-in. The
    /// row holds what Identity needs besides (lockout, two-factor key, security stamp, tokens) and no password.
    /// </summary>
    public bool IsHostAccount { get; set; }
}
