using System.Globalization;
using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>One libvirt domain of a plan: its name and connection, why it changes, a new disk, and the diff of its XML.</summary>
public partial class DomainChangeView
{
    [Parameter, EditorRequired] public required DomainChange Change { get; set; }

    private string Diff { get; set; } = "";

    protected override void OnParametersSet() => Diff = UnifiedDiff.Render(Change);

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
}
