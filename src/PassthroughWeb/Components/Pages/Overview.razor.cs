using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Checklist;

namespace PassthroughWeb.Components.Pages;

/// <summary>
/// The hosts page: one card per host with its CPU, IOMMU, GPU verdicts, last scan and where it stands in the five
/// steps; searched, filtered and sorted in the URL (<c>?q=radeon&amp;show=todo&amp;sort=scan</c>) so a view can be linked to.
/// </summary>
public partial class Overview : IDisposable
{
    // A burst of events (an agent reconnecting, a change set's end) reads the hosts once, not once per event.
    private static readonly TimeSpan RefreshDelay = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<HostStanding>? _hosts;
    private int _refreshScheduled;

    [Inject] public required HostStandingQuery Standings { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required HostEventFeed Feed { get; init; }

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "show")] public string? Show { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortBy { get; set; }

    private string _search = "";
    private HostFilter _filter;
    private HostSort _sort;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        // Prerendering has no circuit to keep a subscription alive: only the interactive render listens. It subscribes
        // before it reads, so a change during the read is not lost: it reads again.
        if (RendererInfo.IsInteractive) _ = ListenAsync(Feed.Subscribe(host: null, _disposed.Token), _disposed.Token);
        _hosts = await Standings.ListAsync(CancellationToken.None);
    }

    /// <summary>Every host's feed: what changes a card (online, offline, a new scan, a change set's end) reads the hosts again.</summary>
    private async Task ListenAsync(HostEventSubscription subscription, CancellationToken closed)
    {
        using (subscription)
        {
            try
            {
                await foreach (var hostEvent in subscription.Changes.WithCancellation(closed))
                {
                    if (ChangesACard(hostEvent) && Interlocked.Exchange(ref _refreshScheduled, 1) == 0) _ = RefreshSoonAsync(closed);
                }
            }
            catch (OperationCanceledException) when (closed.IsCancellationRequested)
            {
                // The page was closed.
            }
        }
    }

    internal static bool ChangesACard(HostEvent hostEvent) =>
        hostEvent is HostOnline or HostOffline or ScanStored or ChangeSetApplied or ChangeSetFailed or ChangeSetRolledBack
            or VerificationResult or RebootPending or DriftDetected;

    private async Task RefreshSoonAsync(CancellationToken closed)
    {
        try
        {
            await Task.Delay(RefreshDelay, closed);
            Volatile.Write(ref _refreshScheduled, 0);
            var hosts = await Standings.ListAsync(closed);
            await InvokeAsync(() =>
            {
                _hosts = hosts;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnParametersSet()
    {
        _search = Query ?? "";
        _filter = Enum.TryParse<HostFilter>(Show, ignoreCase: true, out var filter) ? filter : HostFilter.All;
        _sort = Enum.TryParse<HostSort>(SortBy, ignoreCase: true, out var sort) ? sort : HostSort.Name;
    }

    private IReadOnlyList<HostStanding> Shown => _hosts is null ? [] : HostList.Arrange(_hosts, _search, _filter, _sort);

    private Task SearchAsync(string? value) => NavigateAsync(value ?? "", _filter, _sort);

    private Task FilterAsync(HostFilter value) => NavigateAsync(_search, value, _sort);

    private Task SortAsync(HostSort value) => NavigateAsync(_search, _filter, value);

    private Task ClearAsync() => NavigateAsync("", HostFilter.All, _sort);

    private Task NavigateAsync(string search, HostFilter filter, HostSort sort)
    {
        _search = search;
        _filter = filter;
        _sort = sort;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrWhiteSpace(search) ? null : search,
            ["show"] = filter == HostFilter.All ? null : filter.ToString().ToLowerInvariant(),
            ["sort"] = sort == HostSort.Name ? null : sort.ToString().ToLowerInvariant(),
        }), replace: true);
        return Task.CompletedTask;
    }

    private static string FilterLabel(HostFilter filter) => filter switch
    {
        HostFilter.All => "All hosts",
        HostFilter.Todo => "Hosts with a step to do",
        HostFilter.Attention => "Reboot needed, failed or hardware changed",
        HostFilter.Complete => "All five steps done",
        _ => "Hosts with a ready GPU",
    };

    private static string SortLabel(HostSort sort) => sort switch
    {
        HostSort.Name => "Name",
        HostSort.Scan => "Latest scan, newest first",
        _ => "Progress, least done first",
    };
}
