using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Components.Account;

public partial class RedirectToSignIn
{
    private bool _signedIn;

    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var state = await Authentication;
        _signedIn = state.User.Identity?.IsAuthenticated == true;
        if (_signedIn) return;
        var returnUrl = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo($"{AccessRegistration.SignInPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}", forceLoad: true);
    }
}
