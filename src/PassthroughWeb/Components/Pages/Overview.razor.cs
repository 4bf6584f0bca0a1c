using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>The hosts overview: one card per host with its CPU, IOMMU state, GPU verdicts and last scan.</summary>
public partial class Overview
{
    private IReadOnlyList<HostOverview>? _hosts;

    [Inject] public required HostCatalog Catalog { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync() => _hosts = await Catalog.ListOverviewAsync(CancellationToken.None);
}
