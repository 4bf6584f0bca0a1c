using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Import;

/// <summary>In step 1 of an imported host, in place of the CPU and IOMMU cards: what the listing is and what it cannot know.</summary>
public partial class ImportedListingCard
{
    [Parameter, EditorRequired] public required ImportedListing Import { get; set; }
    [Parameter, EditorRequired] public required IommuStatus Iommu { get; set; }
    [Parameter, EditorRequired] public required CpuInfo Cpu { get; set; }

    private string FormatLabel => Import.Format switch
    {
        ListingFormat.IommuGroups => "IOMMU groups",
        ListingFormat.LspciNnk => "lspci -nnk",
        _ => "lspci -nn",
    };
}
