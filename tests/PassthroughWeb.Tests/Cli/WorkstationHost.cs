using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// A host root laid out the way sysfs lays out the guide's workstation (Ryzen, RX 6750 XT for the host at 03:00,
/// RX 6600 for the guest at 07:00, both cards' HDMI audio 1002:ab28), in a temporary directory deleted on dispose.
/// Devices live under sys/devices and are reached through the same relative links the kernel makes.
/// </summary>
internal sealed class WorkstationHost : IDisposable
{
    public WorkstationHost()
    {
        Path = Directory.CreateTempSubdirectory("pw-cli-host-").FullName;
        Root = new HostRoot(Path);
        Root.WriteText("proc/cpuinfo", string.Concat(Enumerable.Range(0, 4).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"processor\t: {i}\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD Ryzen 7 5800X 8-Core Processor\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep svm npt\n\n"))));
        Root.WriteText("proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 root=UUID=0f1e ro quiet amd_iommu=on iommu=pt\n");
        Root.WriteText("proc/sys/kernel/hostname", "workstation\n");
        Root.WriteText("etc/hostname", "workstation\n");
        Root.WriteText("usr/share/misc/pci.ids", PciIds);
        Root.CreateDirectory("sys/class/iommu/ivhd0");
        Root.WriteBytes("sys/firmware/acpi/tables/IVRS", [(byte)'I', (byte)'V', (byte)'R', (byte)'S', 0x30, 0, 0, 0]);

        Device("0000:00:01.0", "1022", "1483", "060400", group: 1, driver: "pcieport");
        Device("0000:00:01.1", "1022", "1483", "060400", group: 1, driver: "pcieport");
        Device("0000:03:00.0", "1002", "73df", "030000", group: 1, driver: "amdgpu", bootVga: true);
        Device("0000:03:00.1", "1002", "ab28", "040300", group: 1, driver: "snd_hda_intel");
        Device("0000:07:00.0", "1002", "73ff", "030000", group: 18, driver: "amdgpu", bootVga: false);
        Device("0000:07:00.1", "1002", "ab28", "040300", group: 19, driver: "snd_hda_intel");
    }

    /// <summary>The lines of pci.ids that name this host's devices, in the file's own format (tabs matter).</summary>
    private const string PciIds =
        "1002  Advanced Micro Devices, Inc. [AMD/ATI]\n" +
        "\t73df  Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]\n" +
        "\t73ff  Navi 23 [Radeon RX 6600/6600 XT/6600M]\n" +
        "\tab28  Navi 21/23 HDMI/DP Audio Controller\n" +
        "1022  Advanced Micro Devices, Inc. [AMD]\n" +
        "\t1483  Starship/Matisse GPP Bridge\n" +
        "C 03  Display controller\n" +
        "\t00  VGA compatible controller\n" +
        "C 04  Multimedia controller\n" +
        "\t03  Audio device\n" +
        "C 06  Bridge\n" +
        "\t04  PCI bridge\n";

    public string Path { get; }
    public HostRoot Root { get; }

    private void Device(string address, string vendor, string device, string classCode, int group, string driver, bool? bootVga = null)
    {
        var dir = $"sys/devices/pci0000:00/{address}";
        Root.WriteText($"{dir}/vendor", $"0x{vendor}\n");
        Root.WriteText($"{dir}/device", $"0x{device}\n");
        Root.WriteText($"{dir}/class", $"0x{classCode}\n");
        Root.WriteText($"{dir}/revision", "0xc1\n");
        Root.WriteText($"{dir}/subsystem_vendor", "0x1da2\n");
        Root.WriteText($"{dir}/subsystem_device", "0xe445\n");
        Root.WriteText($"{dir}/driver_override", "(null)\n");
        Root.WriteText($"{dir}/reset_method", classCode.StartsWith("06", StringComparison.Ordinal) ? "pm\n" : "bus\n");
        if (bootVga is { } vga) Root.WriteText($"{dir}/boot_vga", vga ? "1\n" : "0\n");
        Root.WriteBytes($"{dir}/config", Config(vendor, device, classCode));
        Root.CreateDirectory($"sys/bus/pci/drivers/{driver}");
        Root.CreateSymlink($"{dir}/driver", $"../../../bus/pci/drivers/{driver}");
        Root.CreateDirectory($"sys/kernel/iommu_groups/{group}/devices");
        Root.CreateSymlink($"{dir}/iommu_group", $"../../../kernel/iommu_groups/{group}");
        Root.CreateSymlink($"sys/kernel/iommu_groups/{group}/devices/{address}", $"../../../../devices/pci0000:00/{address}");
        Root.CreateSymlink($"sys/bus/pci/devices/{address}", $"../../../devices/pci0000:00/{address}");
    }

    /// <summary>The first 64 bytes of config space, as lspci reads them: IDs little-endian, then revision, class.</summary>
    private static byte[] Config(string vendor, string device, string classCode)
    {
        var bytes = new byte[64];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), ushort.Parse(vendor, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        BitConverter.TryWriteBytes(bytes.AsSpan(2), ushort.Parse(device, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        bytes[8] = 0xc1;
        bytes[9] = byte.Parse(classCode.AsSpan(4, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        bytes[0xa] = byte.Parse(classCode.AsSpan(2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        bytes[0xb] = byte.Parse(classCode.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x2c), (ushort)0x1da2);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x2e), (ushort)0xe445);
        return bytes;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
