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

    private void Cancel() => Dialog.Cancel();

    private void Confirm() => Dialog.Close(DialogResult.Ok(true));
}
