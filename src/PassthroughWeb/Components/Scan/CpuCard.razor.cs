using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>The CPU: vendor, model, hardware virtualization, and whether the host is itself a VM.</summary>
public partial class CpuCard
{
    [Parameter, EditorRequired] public required CpuInfo Cpu { get; set; }

    private string VendorText => Cpu.Vendor switch
    {
        CpuVendor.Intel => "Intel",
        CpuVendor.Amd => "AMD",
        _ => "Other",
    };

    private string VirtualizationName => MissingVirtualization.NameOf(Cpu.Vendor);
}
