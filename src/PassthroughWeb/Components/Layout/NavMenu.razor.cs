using Microsoft.AspNetCore.Components;
using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Layout;

public partial class NavMenu
{
    private IReadOnlyList<HostSummary>? _hosts;

    [Inject] public required HostCatalog Catalog { get; init; }

    protected override async Task OnInitializedAsync() => _hosts = await Catalog.ListHostsAsync(CancellationToken.None);
}
