using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>One file of a plan: its path, why it changes, and its diff.</summary>
public partial class FileChangeView
{
    [Parameter, EditorRequired] public required FileChange Change { get; set; }

    private string Diff { get; set; } = "";

    protected override void OnParametersSet() => Diff = UnifiedDiff.Render(Change);
}
