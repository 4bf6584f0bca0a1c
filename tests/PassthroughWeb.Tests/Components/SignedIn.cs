using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Tests.Components;

/// <summary>Renders components for a signed-in user, as the circuit of that user would: bUnit's authentication state plus <see cref="CurrentActor"/>.</summary>
public static class SignedIn
{
    public static void SignInAs(this BunitContext context, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(actor);
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized(actor.Name);
        authorization.SetRoles(actor.Role.ToString());
        context.Services.AddScoped<CurrentActor>();
    }
}
