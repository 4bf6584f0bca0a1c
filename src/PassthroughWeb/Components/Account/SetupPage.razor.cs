using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Components.Account;

/// <summary>The page of the one-time setup link: creates the first Admin and signs them in.</summary>
public partial class SetupPage
{
    private bool _open;
    private string? _message;

    [SupplyParameterFromQuery(Name = "token")] public string? Token { get; set; }

    [SupplyParameterFromForm(FormName = "setup")] public SetupForm? Input { get; set; }

    [Inject] public required FirstRunSetup Setup { get; init; }

    [Inject] public required SignInService SignIns { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        _open = await Setup.IsOpenAsync(Input.Token ?? Token, CancellationToken.None);
    }

    private async Task CreateAsync()
    {
        if (!_open || Input is null) return;
        if (Input.Password != Input.Confirm)
        {
            _message = "The two passwords differ.";
            return;
        }
        var (result, admin) = await Setup.CompleteAsync(Input.Token ?? Token, Input.Name ?? "", Input.Password ?? "", CancellationToken.None);
        if (admin is null)
        {
            _message = result.Message;
            _open = await Setup.IsOpenAsync(Input.Token ?? Token, CancellationToken.None);
            return;
        }
        await SignIns.SignInAfterSetupAsync(admin);
        Navigation.NavigateTo("/");
    }

    public sealed class SetupForm
    {
        public string? Token { get; set; }
        public string? Name { get; set; }
        public string? Password { get; set; }
        public string? Confirm { get; set; }
    }
}
