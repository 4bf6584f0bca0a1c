using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Scan;

/// <summary>Every IOMMU group with its devices; the groups a GPU needs are highlighted.</summary>
public partial class IommuGroupsTable
{
    [Parameter, EditorRequired] public required IReadOnlyList<IommuGroupRow> Rows { get; set; }
}
