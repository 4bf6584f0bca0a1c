using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Steps;

/// <summary>
/// The guide's workstation (Arch, GRUB, mkinitcpio) written into a temporary host root, as it was before step 2: the
/// IOMMU parameters are neither in /etc/default/grub nor on the running command line. Deleted on dispose.
/// </summary>
public sealed class GuideWorkstation : IDisposable
{
    public const string CommandLineBeforeStep2 = "BOOT_IMAGE=/vmlinuz-linux root=UUID=5c0f3e2a-8d4b-4f7e-9a61-2b7d0c9e1f43 rw quiet splash";
    private readonly TemporaryHostRoot _host = new();

    public GuideWorkstation(bool beforeStep2 = true)
    {
        SampleWorkstation.Build(_host.Path);
        if (beforeStep2)
        {
            Root.WriteText("etc/default/grub", SampleWorkstation.GrubDefaults("quiet splash"));
            Root.WriteText("proc/cmdline", CommandLineBeforeStep2 + "\n");
        }
    }

    public string Path => _host.Path;
    public HostRoot Root => _host.Root;

    public ScanReport Scan() => new HostScanner(TimeProvider.System).Scan(Root);

    public string MachinePath(string hostPath) => _host.Combine(hostPath);

    /// <summary>Every regular file under the root with its bytes, by host path: the whole tree, to compare byte for byte.</summary>
    public SortedDictionary<string, byte[]> Snapshot()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            files["/" + System.IO.Path.GetRelativePath(Path, file)] = File.ReadAllBytes(file);
        return files;
    }

    /// <summary>Makes the tree look like the host after the reboot: a new boot id, the planned command line, the card on vfio-pci.</summary>
    public void SimulateReboot(string commandLine, bool guestOnVfio = true)
    {
        Root.WriteText("proc/sys/kernel/random/boot_id", "7d3e9b40-2a1c-4f5e-8b6d-0c9a1e2f3b4c\n");
        Root.WriteText("proc/cmdline", commandLine + "\n");
        if (!guestOnVfio) return;
        foreach (var function in new[] { SampleWorkstation.GuestGpu, SampleWorkstation.GuestGpu with { Function = 1 } })
            BindDriver(function, "vfio-pci");
    }

    /// <summary>Points a device's driver link at another driver, the way sysfs shows a device bound to it.</summary>
    public void BindDriver(PciAddress device, string driver)
    {
        var devicePath = new DirectoryInfo(MachinePath($"sys/bus/pci/devices/{device}")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var driverLink = System.IO.Path.Combine(devicePath, "driver");
        File.Delete(driverLink);
        Root.CreateDirectory($"sys/bus/pci/drivers/{driver}");
        File.CreateSymbolicLink(driverLink, System.IO.Path.GetRelativePath(devicePath, MachinePath($"sys/bus/pci/drivers/{driver}")));
    }

    public void Dispose() => _host.Dispose();
}
