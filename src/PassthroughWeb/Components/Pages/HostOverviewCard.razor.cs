using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>A host on the overview page.</summary>
public partial class HostOverviewCard
{
    [Parameter, EditorRequired] public required HostOverview Host { get; set; }

    /// <summary>The time "scanned … ago" is measured from.</summary>
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }
}
