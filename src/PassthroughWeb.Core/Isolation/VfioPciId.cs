using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// One entry of vfio-pci's <c>ids=</c>: <c>vendor:device[:subvendor[:subdevice[:class[:class_mask]]]]</c> in hex,
/// as the kernel's vfio_pci_fill_ids() reads it. Fields left out match anything.
/// </summary>
public sealed record VfioPciId(string VendorId, string DeviceId, string? SubsystemVendorId, string? SubsystemDeviceId)
{
    public string VendorDevice => $"{VendorId}:{DeviceId}";

    public static bool TryParse(string text, [NotNullWhen(true)] out VfioPciId? id)
    {
        id = null;
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 6) return false;
        var fields = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var max = i < 4 ? 4 : 6;
            if (parts[i].Length is 0 || parts[i].Length > max ||
                !int.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
            fields[i] = value.ToString(i < 4 ? "x4" : "x6", CultureInfo.InvariantCulture);
        }
        id = new VfioPciId(fields[0], fields[1], parts.Length > 2 ? fields[2] : null, parts.Length > 3 ? fields[3] : null);
        return true;
    }

    public bool Matches(PciDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.VendorId == VendorId && device.DeviceId == DeviceId &&
               (SubsystemVendorId is null || SubsystemVendorId == "ffff" || device.SubsystemVendorId == SubsystemVendorId) &&
               (SubsystemDeviceId is null || SubsystemDeviceId == "ffff" || device.SubsystemDeviceId == SubsystemDeviceId);
    }

    /// <summary>The entries of an <c>ids=</c> value, each parsed or left as its text when it is not an ID.</summary>
    public static IReadOnlyList<(string Text, VfioPciId? Id)> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Split(',').Select(t => (t, TryParse(t.Trim(), out var id) ? id : null)).ToList();
    }
}
