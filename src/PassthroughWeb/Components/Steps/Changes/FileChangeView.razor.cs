using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>One file of a plan: its path and how many lines change on one line, why it changes, and its diff folded until opened.</summary>
public partial class FileChangeView
{
    [Parameter, EditorRequired] public required FileChange Change { get; set; }

    private string Diff { get; set; } = "";

    private int _added;
    private int _removed;

    private string Counts => $"{_added} {(_added == 1 ? "line" : "lines")} added, {_removed} removed";

    protected override void OnParametersSet()
    {
        Diff = UnifiedDiff.Render(Change);
        var lines = Diff.Split('\n');
        _added = lines.Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal));
        _removed = lines.Count(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
    }
}
