using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

/// <summary>Payloads shaped like the guide's workstation: an RX 6800 at 07:00.0/.1 whose audio ID collides with the host card's.</summary>
internal static class TestPayloads
{
    public static readonly string[] VfioModules = ["vfio_pci", "vfio", "vfio_iommu_type1"];
    public static readonly string[] GpuDrivers = ["amdgpu", "radeon", "nouveau", "nvidia", "i915", "snd_hda_intel"];

    /// <summary>A binding script like the one step 3 produces; its trailing exit checks that hooks which are sourced survive it.</summary>
    public const string BindingScript = """
        #!/bin/sh
        # Bind by address, refusing a device whose ID changed.
        for entry in "0000:07:00.0 0x1002 0x73bf" "0000:07:00.1 0x1002 0xab28"; do
            set -- $entry
            dev=/sys/bus/pci/devices/$1
            [ -e "$dev" ] || continue
            if [ "$(cat "$dev/vendor")" != "$2" ] || [ "$(cat "$dev/device")" != "$3" ]; then
                echo "vfio-bind: $1 is no longer $2:$3, not bound"
                continue
            fi
            echo vfio-pci > "$dev/driver_override"
            echo "$1" > /sys/bus/pci/drivers_probe 2>/dev/null || true
        done
        exit 0
        """;

    public static InitramfsPayload ById(params string[] extraModules) => new()
    {
        Modules = [.. VfioModules, .. extraModules],
        GpuDrivers = GpuDrivers,
        ModprobeFiles = ["/etc/modprobe.d/vfio.conf"],
    };

    public static InitramfsPayload ByAddress(params string[] extraModules) => ById(extraModules) with
    {
        AddressBindings =
        [
            new AddressBinding(PciAddress.Parse("0000:07:00.0"), "1002", "73bf"),
            new AddressBinding(PciAddress.Parse("0000:07:00.1"), "1002", "ab28"),
        ],
        BindingScript = BindingScript,
    };
}
