using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>The modalias string the kernel gives a PCI device, which <c>modules.alias</c> patterns are matched against.</summary>
public static class PciModalias
{
    public static string For(PciDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return string.Create(CultureInfo.InvariantCulture,
            $"pci:v0000{device.VendorId.ToUpperInvariant()}d0000{device.DeviceId.ToUpperInvariant()}" +
            $"sv0000{(device.SubsystemVendorId ?? "0000").ToUpperInvariant()}sd0000{(device.SubsystemDeviceId ?? "0000").ToUpperInvariant()}" +
            $"bc{device.ClassCode[..2].ToUpperInvariant()}sc{device.ClassCode[2..].ToUpperInvariant()}i{(device.ProgIf ?? "00").ToUpperInvariant()}");
    }
}
