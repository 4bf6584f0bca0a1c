using Microsoft.AspNetCore.Components.Authorization;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Web.Access;

/// <summary>The actor of the current circuit, for components to pass into the services they call.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return ClaimsActor.From(state.User);
    }
}
