using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Web.Access;

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

    [Inject] public required SignInSettings Settings { get; init; }

    /// <summary>The host groups whose members may sign in with their host account (empty when host accounts are off).</summary>
    private IReadOnlyList<string> _hostGroups = [];

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        _hostGroups = (await Settings.GetAsync(CancellationToken.None)).HostGroupNames;
    }

    private async Task SignInAsync()
    {
        var outcome = await SignIns.SignInAsync(Input?.Name ?? "", Input?.Password ?? "", Input?.Remember ?? false, HttpContext.Connection.RemoteIpAddress?.ToString());
        _message = outcome switch
        {
            SignInOutcome.SignedIn => null,
            SignInOutcome.LockedOut => $"Too many failed sign-ins: this account is locked for {IdentityRegistration.LockoutDuration.TotalMinutes:0} minutes. An Admin can lift it by resetting the password.",
            SignInOutcome.RequiresTwoFactor => null,
            SignInOutcome.NotAllowed => "This account may not sign in.",
            SignInOutcome.NotInHostGroup => $"The password is right, but {Input?.Name?.Trim()} is in none of the host groups allowed to sign in ({(_hostGroups.Count == 0 ? "none" : string.Join(", ", _hostGroups))}). An Admin can add the account to one, or map its group to a role on the sign-in settings page.",
            SignInOutcome.HostAccountUnusable => "The host does not let this account in now: it has expired, or its password must be changed first (with passwd on the host).",
            _ => "Wrong name or password.",
        };
        if (outcome == SignInOutcome.SignedIn) Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
        if (outcome == SignInOutcome.RequiresTwoFactor)
            Navigation.NavigateTo($"{AccessRegistration.TwoFactorSignInPath}?ReturnUrl={Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl))}&Remember={(Input?.Remember ?? false).ToString().ToLowerInvariant()}");
    }

    public sealed class SignInForm
    {
        public string? Name { get; set; }
        public string? Password { get; set; }
        public bool Remember { get; set; }
    }
}
