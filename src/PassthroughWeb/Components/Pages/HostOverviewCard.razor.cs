using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;

namespace PassthroughWeb.Components.Pages;

/// <summary>A host on the hosts page: its latest scan in short and where it stands in the five steps.</summary>
public partial class HostOverviewCard
{
    [Parameter, EditorRequired] public required HostStanding Standing { get; set; }

    /// <summary>The time "scanned … ago" is measured from.</summary>
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }

    private HostOverview Host => Standing.Host;

    private bool IsImported => Host.Source == Data.HostSource.Import;
    private bool IsAgent => Host.Source == PassthroughWeb.Data.HostSource.Agent;
}
