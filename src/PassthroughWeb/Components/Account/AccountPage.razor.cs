using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>The signed-in user's own account: password, sessions and access tokens. Rendered on the server: it sets cookies.</summary>
public partial class AccountPage
{
    private Actor _actor = new("", Role.Viewer, AuthenticationMethod.Password);
    private AccountChangeResult? _result;
    private IReadOnlyList<TokenSummary> _tokens = [];

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "password")] public PasswordForm? Password { get; set; }

    [SupplyParameterFromForm(FormName = "everywhere")] public EverywhereForm? Everywhere { get; set; }

    [SupplyParameterFromForm(FormName = "create-token")] public TokenForm? NewToken { get; set; }

    [SupplyParameterFromForm(FormName = "revoke-own")] public RevokeForm? Revoke { get; set; }

    [Inject] public required UserAdministration Users { get; init; }

    [Inject] public required AccessTokens Tokens { get; init; }

    [Inject] public required SignInService SignIns { get; init; }

    [Inject] public required UserManager<PassthroughUser> UserManager { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Password ??= new();
        Everywhere ??= new();
        NewToken ??= new();
        Revoke ??= new();
        _actor = ClaimsActor.From(HttpContext.User);
        await LoadTokensAsync();
    }

    private async Task RevokeAsync()
    {
        // An agent token the Admin made is listed among theirs; it is revoked by its host (which checks the Admin role again).
        _result = Revoke?.Agent == true
            ? await Tokens.RevokeAgentAsync(_actor, Revoke.Name ?? "", CancellationToken.None)
            : await Tokens.RevokeAsync(_actor, _actor.Name, Revoke?.Name ?? "", CancellationToken.None);
        await LoadTokensAsync();
    }

    private async Task ChangePasswordAsync()
    {
        _result = await Users.ChangeOwnPasswordAsync(_actor, Password?.Current ?? "", Password?.New ?? "");
        // The stamp moved: this browser gets a fresh cookie, the others are signed out at their next request.
        if (_result.Succeeded && await UserManager.FindByNameAsync(_actor.Name) is { } user) await SignIns.RefreshAsync(user);
    }

    private async Task SignOutEverywhereAsync()
    {
        _result = await Users.SignOutEverywhereAsync(_actor);
        if (!_result.Succeeded) return;
        await SignIns.SignOutAsync();
        Navigation.NavigateTo(AccessRegistration.SignInPath);
    }

    private async Task CreateTokenAsync()
    {
        _result = await Tokens.CreateAsync(_actor, _actor.Name, NewToken?.Name, NewToken?.ExpiresDays, CancellationToken.None);
        await LoadTokensAsync();
    }

    private async Task LoadTokensAsync() => _tokens = (await Tokens.ListAsync(_actor, _actor.Name, CancellationToken.None)).Tokens;

    public sealed class PasswordForm
    {
        public string? Current { get; set; }
        public string? New { get; set; }
    }

    public sealed class EverywhereForm
    {
        public string? Confirm { get; set; }
    }

    public sealed class TokenForm
    {
        public string? Name { get; set; }
        public int? ExpiresDays { get; set; }
    }

    public sealed class RevokeForm
    {
        public string? User { get; set; }
        public string? Name { get; set; }
        public bool Agent { get; set; }
    }
}
