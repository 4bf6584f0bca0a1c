using Microsoft.AspNetCore.Components;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>The Admin's sign-in settings: require two-factor sign-in, and which host groups sign in with which role.</summary>
public partial class SignInSettingsPage
{
    private SignInPolicy _policy = new(false, false, [], true);
    private AccountChangeResult? _result;
    private string? _administrators;

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "sign-in-settings")] public SettingsForm? Input { get; set; }

    [SupplyParameterFromForm(FormName = "reset-two-factor")] public ResetForm? Reset { get; set; }

    [Inject] public required SignInSettings Settings { get; init; }

    [Inject] public required TwoFactorEnrolment TwoFactor { get; init; }

    [Inject] public required HostGroupDirectory HostGroups { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        Reset ??= new();
        _administrators = HostGroups.AdministratorsGroup();
        _policy = await Settings.GetAsync(CancellationToken.None);
    }

    private async Task SaveAsync()
    {
        _result = await Settings.SaveAsync(ClaimsActor.From(HttpContext.User), Input?.RequireTwoFactor ?? false, Input?.HostAccountsEnabled ?? false, Input?.HostGroups ?? "", CancellationToken.None);
        if (_result.Succeeded) _policy = await Settings.GetAsync(CancellationToken.None);
        else _policy = _policy with { RequireTwoFactor = Input?.RequireTwoFactor ?? false, HostAccountsEnabled = Input?.HostAccountsEnabled ?? false };
    }

    private async Task ResetTwoFactorAsync() =>
        _result = await TwoFactor.ResetAsync(ClaimsActor.From(HttpContext.User), Reset?.Name?.Trim() ?? "");

    public sealed class ResetForm
    {
        public string? Name { get; set; }
    }

    public sealed class SettingsForm
    {
        public bool RequireTwoFactor { get; set; }
        public bool HostAccountsEnabled { get; set; }
        public string? HostGroups { get; set; }
    }
}
