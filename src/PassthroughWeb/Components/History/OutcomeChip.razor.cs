using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.History;

/// <summary>How a change set ended, as one coloured word.</summary>
public partial class OutcomeChip
{
    [Parameter, EditorRequired] public ChangeSetState State { get; set; }

    private string Text => State switch
    {
        ChangeSetState.InProgress => "in progress",
        ChangeSetState.Applied => "applied",
        ChangeSetState.Failed => "failed",
        ChangeSetState.RollingBack => "rolling back",
        ChangeSetState.RolledBack => "rolled back",
        _ => "interrupted",
    };

    private Color Color => State switch
    {
        ChangeSetState.Applied => Color.Success,
        ChangeSetState.Failed or ChangeSetState.Interrupted => Color.Error,
        ChangeSetState.RolledBack => Color.Default,
        _ => Color.Info,
    };
}
