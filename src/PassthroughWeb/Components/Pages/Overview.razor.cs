using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Checklist;

namespace PassthroughWeb.Components.Pages;

/// <summary>
/// The hosts page: one card per host with its CPU, IOMMU, GPU verdicts, last scan and where it stands in the five
/// steps; searched, filtered and sorted in the URL (<c>?q=radeon&amp;show=todo&amp;sort=scan</c>) so a view can be linked to.
/// </summary>
public partial class Overview
{
    private IReadOnlyList<HostStanding>? _hosts;

    [Inject] public required HostStandingQuery Standings { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "show")] public string? Show { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortBy { get; set; }

    private string _search = "";
    private HostFilter _filter;
    private HostSort _sort;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync() => _hosts = await Standings.ListAsync(CancellationToken.None);

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
