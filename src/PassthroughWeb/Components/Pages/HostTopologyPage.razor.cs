using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;
using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>The picture of a host on a page of its own, from its latest profile; the highlighted card lives in the URL (<c>?gpu=</c>).</summary>
public partial class HostTopologyPage
{
    private StoredProfile? _profile;
    private PciTopology? _topology;
    private bool _loading = true;

    [Parameter] public required string Name { get; set; }

    [SupplyParameterFromQuery(Name = "gpu")] public string? Gpu { get; set; }

    [Inject] public required HostCatalog Catalog { get; init; }
    [Inject] public required HostTopologies Topologies { get; init; }

    /// <summary>The request while the page is prerendered (null once interactive): an unknown host answers 404 there.</summary>
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None);
        if (_profile is not null)
        {
            PciAddress? wanted = Gpu is not null && PciAddress.TryParse(Gpu, out var address) ? address : null;
            _topology = await Topologies.BuildAsync(Name, _profile.Report, HostTopologies.DefaultCard(_profile.Report, wanted), CancellationToken.None);
        }
        _loading = false;
        if (_profile is null && HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
