using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// A display device QEMU emulates on the root bus at a chosen address. QEMU cannot give an emulated device the ID of
/// a real card, so the rehearsal stands in with devices whose IDs and Linux drivers are known.
/// </summary>
public sealed record EmulatedDisplay
{
    /// <summary>QEMU's standard VGA (bochs): ID 1234:1111, driven by bochs-drm (module bochs).</summary>
    public const string StandardVga = "VGA";

    /// <summary>Cirrus Logic GD5446: ID 1013:00b8, driven by cirrus (module cirrus): a display with a different ID.</summary>
    public const string CirrusVga = "cirrus-vga";

    private static readonly Dictionary<string, (string Vendor, string Device, string Driver)> Models = new(StringComparer.Ordinal)
    {
        [StandardVga] = ("1234", "1111", "bochs-drm"),
        [CirrusVga] = ("1013", "00b8", "cirrus"),
    };

    public required PciAddress Address { get; init; }

    /// <summary>The QEMU device model, <see cref="StandardVga"/> or <see cref="CirrusVga"/>.</summary>
    public string Model { get; init; } = StandardVga;

    public string VendorId => Describe(Model).Vendor;
    public string DeviceId => Describe(Model).Device;
    public string VendorDevice => $"{VendorId}:{DeviceId}";

    /// <summary>The driver Linux binds to it when nothing else claims it first.</summary>
    public string Driver => Describe(Model).Driver;

    public static EmulatedDisplay Vga(PciAddress address) => new() { Address = address };

    public static EmulatedDisplay Cirrus(PciAddress address) => new() { Address = address, Model = CirrusVga };

    /// <summary>The model QEMU emulates with this vendor:device ID, or null when it has none.</summary>
    public static string? ModelWithId(string vendorDevice) =>
        Models.FirstOrDefault(m => $"{m.Value.Vendor}:{m.Value.Device}" == vendorDevice).Key;

    private static (string Vendor, string Device, string Driver) Describe(string model) =>
        Models.TryGetValue(model, out var known) ? known : throw new ArgumentException($"'{model}' is not a display model the rehearsal knows ({string.Join(", ", Models.Keys)}).", nameof(model));
}
