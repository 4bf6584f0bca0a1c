using System.Security.Claims;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>The <see cref="Actor"/> behind a request or a circuit, from its claims.</summary>
public static class ClaimsActor
{
    /// <summary>
    /// The signed-in user as an actor. Someone not signed in (never past the fallback policy, but a component may be
    /// rendered without it in a test) is a Viewer named "anonymous": a role that changes nothing.
    /// </summary>
    public static Actor From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not { IsAuthenticated: true } identity || string.IsNullOrEmpty(identity.Name))
            return new Actor("anonymous", Role.Viewer, AuthenticationMethod.Password);
        var role = Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), ignoreCase: false, out var parsed) ? parsed : Role.Viewer;
        var method = identity.AuthenticationType == AccessSchemes.Token ? AuthenticationMethod.Token : AuthenticationMethod.Password;
        return new Actor(identity.Name, role, method);
    }
}
