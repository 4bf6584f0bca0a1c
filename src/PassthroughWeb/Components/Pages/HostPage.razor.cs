using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>A host's checklist: step 1 (the scan) in full, steps 2–5 described; "Rescan" stores a new profile.</summary>
public partial class HostPage
{
    private StoredProfile? _profile;
    private bool _loading = true;
    private bool _rescanning;

    [Parameter] public required string Name { get; set; }

    [Inject] public required HostCatalog Catalog { get; init; }
    [Inject] public required HostScanService Scans { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None);
        _loading = false;
    }

    private async Task RescanAsync()
    {
        _rescanning = true;
        try
        {
            var result = await Scans.RescanAsync(Name, CancellationToken.None);
            if (result.Succeeded)
            {
                _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None);
                Snackbar.Add($"Scanned again: profile #{result.ProfileId} stored.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error ?? "The rescan failed.", Severity.Error);
            }
        }
        finally
        {
            _rescanning = false;
        }
    }
}
