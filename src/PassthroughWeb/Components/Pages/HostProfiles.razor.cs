using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>
/// A host's stored profiles and the comparison of two of them. Which two lives in the URL (<c>?from=&amp;to=</c>),
/// so a reload or a shared link shows the same comparison; without it the two newest are compared.
/// </summary>
public partial class HostProfiles
{
    private IReadOnlyList<ProfileSummary>? _profiles;
    private int? _fromId;
    private int? _toId;
    private StoredProfile? _from;
    private StoredProfile? _to;
    private ProfileComparison? _comparison;
    private string? _comparisonError;

    [Parameter] public required string Name { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public int? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public int? ToQuery { get; set; }

    [Inject] public required HostCatalog Catalog { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>Any two scans, picked in the menus: the pair goes into the URL like the list's from/to links.</summary>
    private void PickedAsync((int From, int To) pair) => Navigation.NavigateTo(PassthroughWeb.Components.Shared.HostLinks.Compare(Name, pair.From, pair.To));

    protected override async Task OnParametersSetAsync()
    {
        _profiles = await Catalog.ListProfilesAsync(Name, CancellationToken.None);
        _comparison = null;
        _comparisonError = null;
        if (_profiles.Count < 2) return;

        // Newest first: by default compare the one before the newest with the newest.
        _fromId = FromQuery ?? _profiles[1].Id;
        _toId = ToQuery ?? _profiles[0].Id;
        _from = _profiles.Any(p => p.Id == _fromId) ? await Catalog.GetProfileAsync(_fromId.Value, CancellationToken.None) : null;
        _to = _profiles.Any(p => p.Id == _toId) ? await Catalog.GetProfileAsync(_toId.Value, CancellationToken.None) : null;
        if (_from is null || _to is null)
        {
            _comparisonError = $"Profile #{(_from is null ? _fromId : _toId)} is not a profile of {Name}. Pick two from the list above.";
            return;
        }
        _comparison = ProfileComparison.Compare(_from.Report, _to.Report);
    }
}
