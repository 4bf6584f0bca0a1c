using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>
/// Admins manage users and everyone's tokens. The page needs the Admin role to open, and every change goes through
/// <see cref="UserAdministration"/> and <see cref="AccessTokens"/>, which check the role again.
/// </summary>
public partial class UsersPage
{
    private Actor _actor = new("", Role.Viewer, AuthenticationMethod.Password);
    private AccountChangeResult? _result;
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<TokenSummary> _tokens = [];

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "add-user")] public NewUserForm? NewUser { get; set; }

    [SupplyParameterFromForm(FormName = "set-role", Name = "Row")] public RowForm? RoleRow { get; set; }

    [SupplyParameterFromForm(FormName = "reset-password", Name = "Row")] public RowForm? PasswordRow { get; set; }

    [SupplyParameterFromForm(FormName = "remove-user", Name = "Row")] public RowForm? RemoveRow { get; set; }

    [SupplyParameterFromForm(FormName = "create-token-for")] public TokenForm? NewToken { get; set; }

    [SupplyParameterFromForm(FormName = "revoke-any")] public RevokeForm? Revoke { get; set; }

    [SupplyParameterFromForm(FormName = "create-agent-token")] public AgentTokenForm? NewAgentToken { get; set; }

    [Inject] public required UserAdministration Users { get; init; }

    [Inject] public required AccessTokens Tokens { get; init; }

    protected override async Task OnInitializedAsync()
    {
        NewUser ??= new();
        NewToken ??= new();
        Revoke ??= new();
        NewAgentToken ??= new();
        _actor = ClaimsActor.From(HttpContext.User);
        await LoadAsync();
    }

    private async Task AddAsync() => await ChangeAsync(Users.AddAsync(_actor, NewUser?.Name ?? "", NewUser?.Role ?? Role.Viewer, NewUser?.Password ?? ""));

    private async Task SetRoleAsync() => await ChangeAsync(Users.SetRoleAsync(_actor, RoleRow?.Name ?? "", RoleRow?.Role ?? Role.Viewer));

    private async Task ResetPasswordAsync() => await ChangeAsync(Users.ResetPasswordAsync(_actor, PasswordRow?.Name ?? "", PasswordRow?.Password ?? ""));

    private async Task RemoveAsync() => await ChangeAsync(Users.RemoveAsync(_actor, RemoveRow?.Name ?? ""));

    private async Task CreateTokenAsync() => await ChangeAsync(Tokens.CreateAsync(_actor, NewToken?.User ?? "", NewToken?.Name, NewToken?.ExpiresDays, CancellationToken.None));

    private async Task CreateAgentTokenAsync() => await ChangeAsync(Tokens.CreateAgentAsync(_actor, NewAgentToken?.Host ?? "", CancellationToken.None));

    private async Task RevokeAsync() => await ChangeAsync(Revoke?.Agent == true
        ? Tokens.RevokeAgentAsync(_actor, Revoke.Name ?? "", CancellationToken.None)
        : Tokens.RevokeAsync(_actor, Revoke?.User ?? "", Revoke?.Name ?? "", CancellationToken.None));

    private async Task ChangeAsync(Task<AccountChangeResult> change)
    {
        _result = await change;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _users = (await Users.ListAsync(_actor, CancellationToken.None)).Users;
        _tokens = (await Tokens.ListAsync(_actor, null, CancellationToken.None)).Tokens;
    }

    public sealed class NewUserForm
    {
        public string? Name { get; set; }
        public Role Role { get; set; } = Role.Viewer;
        public string? Password { get; set; }
    }

    public sealed class RowForm
    {
        public string? Name { get; set; }
        public Role Role { get; set; } = Role.Viewer;
        public string? Password { get; set; }
    }

    public sealed class TokenForm
    {
        public string? User { get; set; }
        public string? Name { get; set; }
        public int? ExpiresDays { get; set; }
    }

    public sealed class RevokeForm
    {
        public string? User { get; set; }
        public string? Name { get; set; }
        public bool Agent { get; set; }
    }

    public sealed class AgentTokenForm
    {
        public string? Host { get; set; }
    }
}
