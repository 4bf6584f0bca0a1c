using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PassthroughWeb.Components.Steps;

/// <summary>"Apply these changes to HOST?": for which card, which files are written and which commands run, before anything is.</summary>
public partial class ApplyConfirmDialog
{
    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    [Parameter] public string Title { get; set; } = "Apply the change set?";

    [Parameter] public string HostName { get; set; } = "";

    [Parameter] public int Files { get; set; }

    [Parameter] public int Commands { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    /// <summary>The card the change is for, by model and address ("Radeon RX 6600 at 0000:07:00.0"); none when the change is for no card.</summary>
    [Parameter] public string? Card { get; set; }

    /// <summary>The host paths written, in order (listed so nobody confirms blind).</summary>
    [Parameter] public IReadOnlyList<string> FilePaths { get; set; } = [];

    /// <summary>The commands, as typed, in order.</summary>
    [Parameter] public IReadOnlyList<string> CommandLines { get; set; } = [];

    /// <summary>What the change does, for changes that are not files on the host (a libvirt domain): replaces the files-and-reboot text.</summary>
    [Parameter] public string? Description { get; set; }

    [Parameter] public string ConfirmLabel { get; set; } = "Apply";

    /// <summary>What happens to the commands: run on a real host, only listed on a copy (where the alert below says why).</summary>
    private string CommandsText => Commands == 0
        ? ""
        : RootIsCopy
            ? $" and lists {Commands} command{(Commands == 1 ? "" : "s")} as skipped, without running {(Commands == 1 ? "it" : "them")}"
            : $" and then runs {Commands} command{(Commands == 1 ? "" : "s")}";

    private void Cancel() => Dialog.Cancel();

    private void Confirm() => Dialog.Close(DialogResult.Ok(true));
}
