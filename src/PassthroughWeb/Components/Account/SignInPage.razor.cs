using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>The sign-in form, rendered on the server (it sets the cookie); the password is checked by <see cref="SignInService"/>.</summary>
public partial class SignInPage
{
    private string? _message;

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "sign-in")] public SignInForm? Input { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    [Inject] public required SignInService SignIns { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        var outcome = await SignIns.SignInAsync(Input?.Name ?? "", Input?.Password ?? "", Input?.Remember ?? false, HttpContext.Connection.RemoteIpAddress?.ToString());
        _message = outcome switch
        {
            SignInOutcome.SignedIn => null,
            SignInOutcome.LockedOut => $"Too many failed sign-ins: this account is locked for {IdentityRegistration.LockoutDuration.TotalMinutes:0} minutes. An Admin can lift it by resetting the password.",
            SignInOutcome.RequiresTwoFactor => "This account needs a second factor, which this version cannot ask for.",
            SignInOutcome.NotAllowed => "This account may not sign in.",
            _ => "Wrong name or password.",
        };
        if (outcome == SignInOutcome.SignedIn) Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
    }

    public sealed class SignInForm
    {
        public string? Name { get; set; }
        public string? Password { get; set; }
        public bool Remember { get; set; }
    }
}
