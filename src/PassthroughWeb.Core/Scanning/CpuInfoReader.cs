using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Scanning;

/// <summary>Reads <c>proc/cpuinfo</c>: vendor, model, and the vmx/svm/hypervisor flags.</summary>
public static class CpuInfoReader
{
    public static CpuInfo Read(HostRoot root, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(warnings);
        var text = root.TryReadText("proc/cpuinfo");
        if (text is null)
        {
            warnings.Add("proc/cpuinfo could not be read: the CPU's virtualization support is unknown.");
            return new CpuInfo { Vendor = CpuVendor.Other, Model = "unknown", Virtualization = false, Hypervisor = false };
        }
        return Parse(text);
    }

    public static CpuInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? vendorId = null, model = null, flags = null;
        var processors = 0;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor": processors++; break;
                case "vendor_id": vendorId ??= value; break;
                case "model name": model ??= value; break;
                case "flags": flags ??= value; break;
            }
        }
        var flagSet = (flags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new CpuInfo
        {
            Vendor = vendorId switch
            {
                "GenuineIntel" => CpuVendor.Intel,
                "AuthenticAMD" or "HygonGenuine" => CpuVendor.Amd,
                _ => CpuVendor.Other,
            },
            Model = model ?? vendorId ?? "unknown",
            Virtualization = flagSet.Contains("vmx") || flagSet.Contains("svm"),
            Hypervisor = flagSet.Contains("hypervisor"),
            LogicalCpus = processors,
        };
    }
}
