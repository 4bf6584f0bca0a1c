using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PassthroughWeb.Components.Steps;

/// <summary>"Apply these changes to HOST?": what will be written and run, before anything is.</summary>
public partial class ApplyConfirmDialog
{
    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    [Parameter] public string Title { get; set; } = "Apply the change set?";

    [Parameter] public string HostName { get; set; } = "";

    [Parameter] public int Files { get; set; }

    [Parameter] public int Commands { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

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
