using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>Shows one file's unified diff with coloured + and − lines.</summary>
public partial class DiffView
{
    /// <summary>The diff text (<see cref="Core.Changes.UnifiedDiff.Render(Core.Changes.FileChange, int)"/>).</summary>
    [Parameter, EditorRequired] public required string Diff { get; set; }

    /// <summary>The host path the diff is about, for tests and links.</summary>
    [Parameter] public string? Path { get; set; }

    private IReadOnlyList<DiffLine> Lines { get; set; } = [];

    protected override void OnParametersSet() => Lines = DiffLine.Parse(Diff);
}
