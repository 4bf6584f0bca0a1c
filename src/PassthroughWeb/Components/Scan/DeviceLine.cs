using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>One PCI function as a row or a line on the page.</summary>
public sealed record DeviceLine
{
    public required PciAddress Address { get; init; }
    public required string Name { get; init; }
    public required string ClassName { get; init; }
    public required string VendorDevice { get; init; }
    public string? Driver { get; init; }
    public int? Group { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The device as the report has it; a bare address when the report does not list it (broken sysfs).</summary>
    public static DeviceLine From(PciAddress address, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var device = report.FindDevice(address);
        if (device is null)
            return new DeviceLine { Address = address, Name = "(not in sys/bus/pci/devices)", ClassName = "", VendorDevice = "" };
        return new DeviceLine
        {
            Address = address,
            Name = device.DeviceName is null ? device.DisplayName : (device.VendorName is null ? device.DeviceName : $"{ShortVendor(device.VendorName)} {device.DeviceName}"),
            ClassName = device.ClassName ?? PciClass.Describe(device.ClassCode),
            VendorDevice = device.VendorDevice,
            Driver = device.Driver,
            Group = device.IommuGroup,
            Problems = device.Problems,
        };
    }

    /// <summary>pci.ids vendor names are long ("Advanced Micro Devices, Inc. [AMD/ATI]"): the bracketed short name reads better.</summary>
    private static string ShortVendor(string vendor)
    {
        var open = vendor.LastIndexOf('[');
        var close = vendor.LastIndexOf(']');
        if (open >= 0 && close > open + 1) return vendor[(open + 1)..close];
        foreach (var suffix in new[] { " Corporation", ", Inc.", " Inc.", " Co., Ltd.", " Technology" })
        {
            if (vendor.EndsWith(suffix, StringComparison.Ordinal)) return vendor[..^suffix.Length];
        }
        return vendor;
    }
}
