using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>The IOMMU: on or off, groups, the related kernel parameters, and the plain explanation.</summary>
public partial class IommuCard
{
    [Parameter, EditorRequired] public required IommuStatus Iommu { get; set; }

    [Parameter, EditorRequired] public required string KernelCommandLine { get; set; }

    private string FirmwareText => Iommu.FirmwareTable switch
    {
        FirmwareIommuTable.Dmar => "DMAR (Intel VT-d) present",
        FirmwareIommuTable.Ivrs => "IVRS (AMD-Vi) present",
        FirmwareIommuTable.None => "none: the firmware announces no IOMMU",
        _ => "unknown (the ACPI tables could not be read)",
    };
}
