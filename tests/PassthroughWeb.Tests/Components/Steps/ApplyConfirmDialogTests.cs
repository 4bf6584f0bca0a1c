using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class ApplyConfirmDialogTests : BunitContext
{
    public ApplyConfirmDialogTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private async Task<string> DialogTextAsync(bool rootIsCopy, int commands)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ApplyConfirmDialog>("Apply step 2?", new DialogParameters<ApplyConfirmDialog>
        {
            { d => d.HostName, "sample-workstation" },
            { d => d.Files, 1 },
            { d => d.Commands, commands },
            { d => d.RootIsCopy, rootIsCopy },
        }));
        return provider.WaitForElement("[data-testid=apply-dialog-text]").TextContent;
    }

    [Fact]
    public async Task Render_OnACopyOfAHost_SaysTheCommandIsListedAsSkippedNotRun()
    {
        var text = await DialogTextAsync(rootIsCopy: true, commands: 1);

        Assert.DoesNotContain("runs", text, StringComparison.Ordinal);
        Assert.Contains("lists 1 command as skipped", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_OnTheRealHost_SaysItRunsTheCommands()
    {
        var text = await DialogTextAsync(rootIsCopy: false, commands: 2);

        Assert.Contains("then runs 2 commands", text, StringComparison.Ordinal);
    }
}
