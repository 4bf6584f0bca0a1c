using System.Globalization;
using System.Text.Json;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// One device with its driver, as the Windows guest agent's <c>guest-get-devices</c> reports it (QEMU 5.2+, schema
/// GuestDeviceInfo: driver-name, optional driver-date in nanoseconds since the epoch, optional driver-version, optional
/// id {"type": "pci", "vendor-id", "device-id"} with the IDs as numbers).
/// </summary>
public sealed record GuestDeviceInfo
{
    /// <summary>
    /// The device's name as Device Manager shows it ("NVIDIA GeForce RTX 3080", "Microsoft Basic Display Adapter"): the schema
    /// calls it driver-name, and the Windows agent fills it from the device's name (qga/commands-win32.c, DEVPKEY_NAME).
    /// The agent lists only devices that have a driver version and date.
    /// </summary>
    public required string DriverName { get; init; }
    public string? DriverVersion { get; init; }
    public DateTimeOffset? DriverDate { get; init; }

    /// <summary>The PCI vendor ID as 4 lower-case hex digits, when the device is a PCI one.</summary>
    public string? VendorId { get; init; }
    public string? DeviceId { get; init; }

    /// <summary>Reads the "return" array of guest-get-devices; null when it is not an array, entries without a driver name are skipped.</summary>
    public static IReadOnlyList<GuestDeviceInfo>? ListFromReturn(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var devices = new List<GuestDeviceInfo>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            if (!item.TryGetProperty("driver-name", out var name) || name.ValueKind != JsonValueKind.String) continue;
            string? vendor = null, device = null;
            if (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Object &&
                id.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "pci")
            {
                vendor = Hex(id, "vendor-id");
                device = Hex(id, "device-id");
            }
            DateTimeOffset? date = null;
            if (item.TryGetProperty("driver-date", out var ns) && ns.ValueKind == JsonValueKind.Number && ns.TryGetInt64(out var nanoseconds))
                date = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
            devices.Add(new GuestDeviceInfo
            {
                DriverName = name.GetString()!,
                DriverVersion = item.TryGetProperty("driver-version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null,
                DriverDate = date,
                VendorId = vendor,
                DeviceId = device,
            });
        }
        return devices;
    }

    private static string? Hex(JsonElement id, string name) =>
        id.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.Number && member.TryGetInt32(out var number) && number is >= 0 and <= 0xffff
            ? number.ToString("x4", CultureInfo.InvariantCulture)
            : null;
}
