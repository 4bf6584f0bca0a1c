using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>
/// Enrolment in two-factor sign-in for the signed-in user. Rendered on the server: turning it on or off moves the
/// security stamp, so this browser gets a fresh cookie in the same response.
/// </summary>
public partial class TwoFactorPage
{
    private Actor _actor = new("", Role.Viewer, AuthenticationMethod.Password);
    private TwoFactorStatus? _status;
    private AccountChangeResult? _result;
    private IReadOnlyList<string> _recoveryCodes = [];

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "begin")] public ConfirmationForm? Begin { get; set; }

    [SupplyParameterFromForm(FormName = "confirm")] public CodeForm? Confirm { get; set; }

    [SupplyParameterFromForm(FormName = "renew-codes")] public ConfirmationForm? Renew { get; set; }

    [SupplyParameterFromForm(FormName = "disable")] public ConfirmationForm? Disable { get; set; }

    [Inject] public required TwoFactorEnrolment TwoFactor { get; init; }

    [Inject] public required SignInService SignIns { get; init; }

    [Inject] public required UserManager<PassthroughUser> Users { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Begin ??= new();
        Confirm ??= new();
        Renew ??= new();
        Disable ??= new();
        _actor = ClaimsActor.From(HttpContext.User);
        await LoadAsync();
    }

    private async Task BeginAsync()
    {
        _result = await TwoFactor.BeginAsync(_actor);
        await RefreshCookieAsync();
        await LoadAsync();
    }

    private async Task ConfirmAsync()
    {
        (_result, _recoveryCodes) = await TwoFactor.ConfirmAsync(_actor, Confirm?.Code ?? "");
        if (_result.Succeeded) await RefreshCookieAsync();
        await LoadAsync();
    }

    private async Task RenewCodesAsync()
    {
        (_result, _recoveryCodes) = await TwoFactor.RenewRecoveryCodesAsync(_actor);
        await LoadAsync();
    }

    private async Task DisableAsync()
    {
        _result = await TwoFactor.DisableAsync(_actor, CancellationToken.None);
        if (_result.Succeeded) await RefreshCookieAsync();
        await LoadAsync();
    }

    private async Task LoadAsync() => _status = await TwoFactor.GetStatusAsync(_actor, CancellationToken.None);

    // A new key or turning two-factor on or off moves the security stamp: without a fresh cookie this browser would be signed out.
    private async Task RefreshCookieAsync()
    {
        if (await Users.FindByNameAsync(_actor.Name) is { } user) await SignIns.RefreshAsync(user);
    }

    public sealed class ConfirmationForm
    {
        public string? Confirm { get; set; }
    }

    public sealed class CodeForm
    {
        public string? Code { get; set; }
    }
}
