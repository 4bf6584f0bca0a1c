using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>
/// The second sign-in step: after a right password, a code from the authenticator app or a recovery code. Anonymous
/// (the user is not signed in yet); only a browser holding Identity's short-lived two-factor cookie, which the right
/// password issued, gets the form.
/// </summary>
public partial class TwoFactorSignInPage
{
    private string? _message;
    private bool _waiting;

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "code")] public CodeForm? Code { get; set; }

    [SupplyParameterFromForm(FormName = "recovery")] public CodeForm? Recovery { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery] public bool Remember { get; set; }

    [Inject] public required SignInService SignIns { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Code ??= new();
        Recovery ??= new();
        _waiting = await SignIns.IsWaitingForCodeAsync();
    }

    private async Task SignInWithCodeAsync() =>
        Finish(await SignIns.SignInWithCodeAsync(Code?.Value ?? "", Remember, HttpContext.Connection.RemoteIpAddress?.ToString()), "That code is not right. Enter the code your app shows now.");

    private async Task SignInWithRecoveryCodeAsync() =>
        Finish(await SignIns.SignInWithRecoveryCodeAsync(Recovery?.Value ?? "", HttpContext.Connection.RemoteIpAddress?.ToString()), "That recovery code is not right, or it was used already.");

    private void Finish(SignInOutcome outcome, string wrong)
    {
        _message = outcome switch
        {
            SignInOutcome.SignedIn => null,
            SignInOutcome.LockedOut => $"Too many failed sign-ins: this account is locked for {IdentityRegistration.LockoutDuration.TotalMinutes:0} minutes.",
            _ => wrong,
        };
        if (outcome == SignInOutcome.SignedIn) Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
    }

    public sealed class CodeForm
    {
        public string? Value { get; set; }
    }
}
