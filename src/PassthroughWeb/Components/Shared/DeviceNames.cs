using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Shared;

/// <summary>
/// Shorter names than pci.ids gives: "Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M]"
/// is shown as "Radeon RX 6600/6600 XT/6600M", with "AMD/ATI Navi 23" beside it.
/// </summary>
public static class DeviceNames
{
    /// <summary>The name people know a card by: the bracketed marketing name, else the device name, else the scanner's name.</summary>
    public static string GpuTitle(GpuAssessment gpu, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(report);
        var device = report.FindDevice(gpu.Address);
        if (device?.DeviceName is not { } name) return gpu.Name;
        return Bracketed(name) ?? name;
    }

    /// <summary>The vendor and chip, e.g. "AMD/ATI Navi 23"; null when pci.ids names neither.</summary>
    public static string? GpuSubtitle(GpuAssessment gpu, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(report);
        var device = report.FindDevice(gpu.Address);
        if (device?.DeviceName is not { } name) return null;
        var chip = Bracketed(name) is null ? null : name[..name.LastIndexOf('[')].Trim();
        var vendor = device.VendorName is null ? null : ShortVendor(device.VendorName);
        var parts = new[] { vendor, chip }.Where(p => !string.IsNullOrEmpty(p));
        var text = string.Join(' ', parts);
        return text.Length == 0 ? null : text;
    }

    /// <summary>pci.ids vendor names are long ("Advanced Micro Devices, Inc. [AMD/ATI]"): the bracketed short name reads better.</summary>
    public static string ShortVendor(string vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        if (Bracketed(vendor) is { } shortName) return shortName;
        foreach (var suffix in new[] { " Corporation", ", Inc.", " Inc.", " Co., Ltd.", " Technology" })
        {
            if (vendor.EndsWith(suffix, StringComparison.Ordinal)) return vendor[..^suffix.Length];
        }
        return vendor;
    }

    /// <summary>The text inside the last [...] at the end of <paramref name="name"/>, or null.</summary>
    private static string? Bracketed(string name)
    {
        var trimmed = name.TrimEnd();
        if (!trimmed.EndsWith(']')) return null;
        var open = trimmed.LastIndexOf('[');
        return open >= 0 && trimmed.Length - open > 2 ? trimmed[(open + 1)..^1] : null;
    }
}
