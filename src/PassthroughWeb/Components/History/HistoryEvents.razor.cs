using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.History;

/// <summary>The history's events other than change sets: verifications and the like.</summary>
public partial class HistoryEvents
{
    [Parameter, EditorRequired] public required IReadOnlyList<HostHistoryEvent> Events { get; set; }
}
