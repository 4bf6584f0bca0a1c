using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Isolation;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// The guide's workstation in miniature, as a host root: a q35 host bridge and two display devices at 00:03.0 and
/// 00:04.0 (both QEMU's VGA, 1234:1111, like the guide's two cards of one family, or a VGA and a Cirrus when the IDs
/// must be unique), both on their driver as before step 3, a Debian GRUB configuration before step 2, the host's
/// initramfs system configured to load its display drivers early, and Debian's real kernel (image, config and module
/// tree, hard-linked from the shared unpacked package). Deleted on dispose.
/// </summary>
public sealed class RehearsalHost : IDisposable
{
    public static PciAddress Slot3 { get; } = new(0, 0, 3, 0);
    public static PciAddress Slot4 { get; } = new(0, 0, 4, 0);

    private readonly TemporaryHostRoot _host = new();

    private RehearsalHost(RealKernelTree kernel, InitramfsSystem system, CpuVendor cpu, PciAddress hostDisplay, bool uniqueIds)
    {
        Kernel = kernel;
        var other = hostDisplay == Slot3 ? Slot4 : Slot3;
        var vga = "VGA compatible controller [0300]: Device [1234:1111] (rev 02)";
        var cirrus = "VGA compatible controller [0300]: Cirrus Logic GD 5446 [1013:00b8]";
        var bridge = cpu == CpuVendor.Amd ? "Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Family 17h Root Complex [1022:1450]" : "Host bridge [0600]: Intel Corporation 82G33/G31/P35/P31 Express DRAM Controller [8086:29c0]";
        var listing = $"""
            IOMMU Group 0:
            	00:00.0 {bridge}
            IOMMU Group 1:
            	00:03.0 {(uniqueIds && Slot3 == hostDisplay ? cirrus : vga)}
            IOMMU Group 2:
            	00:04.0 {(uniqueIds && Slot4 == hostDisplay ? cirrus : vga)}
            """;
        var files = new Dictionary<string, string>
        {
            ["etc/os-release"] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
            ["etc/default/grub"] = "GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n",
            ["boot/grub/grub.cfg"] = $"menuentry 'Debian GNU/Linux' {{\n\tlinux\t/boot/vmlinuz-{kernel.Version} root=UUID=2f1c7a9e-4b3d-4e8a-9c6f-0d5e8b7a1c23 ro quiet\n\tinitrd\t/boot/initrd.img-{kernel.Version}\n}}\n",
            ["usr/sbin/update-grub"] = "#!/bin/sh\n# marker: the fixture never runs it\nexit 1\n",
            ["proc/sys/kernel/osrelease"] = kernel.Version + "\n",
            ["proc/sys/kernel/random/boot_id"] = "4c2e8f1a-9b3d-4a6e-8f0c-1d2b3a4c5e6f\n",
        };
        Root = new HostRoot(_host.Path);
        HostTreeWriter.Write(Root, new HostTreeSpec
        {
            Listing = IommuListing.Parse(listing),
            HostName = "rehearsal-host",
            CpuVendor = cpu,
            KernelCommandLine = $"BOOT_IMAGE=/boot/vmlinuz-{kernel.Version} root=UUID=2f1c7a9e-4b3d-4e8a-9c6f-0d5e8b7a1c23 ro quiet",
            IommuEnabled = true,
            BootVga = hostDisplay,
            Drivers = new Dictionary<PciAddress, string>
            {
                [Slot3] = uniqueIds && Slot3 == hostDisplay ? "cirrus" : "bochs-drm",
                [Slot4] = uniqueIds && Slot4 == hostDisplay ? "cirrus" : "bochs-drm",
            },
            Files = files,
        });
        Root.CreateDirectory("etc/modprobe.d");
        switch (system)
        {
            case InitramfsSystem.InitramfsTools:
                CopyTree("/etc/initramfs-tools", _host.Combine("etc/initramfs-tools"));
                // The host loads its display drivers from the initramfs, and builds only the modules it lists (fast).
                File.AppendAllText(_host.Combine("etc/initramfs-tools/modules"), "bochs\ncirrus\n");
                Root.WriteText("etc/initramfs-tools/conf.d/modules-list", "MODULES=list\n");
                Root.WriteText("usr/sbin/update-initramfs", "#!/bin/sh\n# marker: the fixture never runs it\nexit 1\n");
                break;
            case InitramfsSystem.Dracut:
                Root.WriteText("etc/dracut.conf", "hostonly=\"no\"\ndracutmodules+=\" base \"\nadd_drivers+=\" bochs cirrus \"\n");
                Root.CreateDirectory("etc/dracut.conf.d");
                Root.WriteText("usr/bin/dracut", "#!/bin/sh\n# marker: the fixture never runs it\nexit 1\n");
                break;
            case InitramfsSystem.Mkinitcpio:
                Root.WriteText("etc/mkinitcpio.conf", "MODULES=(bochs)\nBINARIES=()\nFILES=()\nHOOKS=(base udev autodetect modconf kms block filesystems fsck)\n");
                Root.WriteText("usr/bin/mkinitcpio", "#!/bin/bash\n# marker: the fixture never runs it\nexit 1\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(system), system, "The rehearsal host has no fixture for this system.");
        }
    }

    /// <summary>A host whose display stays at <paramref name="hostDisplay"/>; the card to pass is the other device.</summary>
    public static async Task<RehearsalHost> CreateAsync(InitramfsSystem system, CpuVendor cpu, PciAddress hostDisplay, bool uniqueIds, CancellationToken cancellationToken)
    {
        var kernel = await RealKernel.RequireAsync(cancellationToken);
        var host = new RehearsalHost(kernel, system, cpu, hostDisplay, uniqueIds);
        try
        {
            await host.LinkKernelAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public RealKernelTree Kernel { get; }
    public HostRoot Root { get; }
    public string Path => _host.Path;

    public ScanReport Scan() => new HostScanner(TimeProvider.System).Scan(Root);

    /// <summary>Our own planner's plan of steps 2 and 3 for the card at <paramref name="gpu"/>.</summary>
    public (ScanReport Scan, HostChangePlanResult Plan) PlanFor(PciAddress gpu)
    {
        var scan = Scan();
        var plan = HostChangePlanner.Plan(Root, scan, new HostChangeRequest { Gpu = gpu, Steps = [HostStep.Host, HostStep.Isolate] });
        Assert.True(plan.Outcome == HostChangeOutcome.Planned, $"{plan.Outcome}: {plan.Message} {string.Join(" ", plan.Refusals.Select(r => r.Why))}");
        return (scan, plan);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>The real kernel's image, config and module tree, hard-linked (cp -al): the same files, no copy of 400 MB.</summary>
    private async Task LinkKernelAsync(CancellationToken cancellationToken)
    {
        var version = Kernel.Version;
        Directory.CreateDirectory(_host.Combine("boot"));
        Directory.CreateDirectory(_host.Combine("lib/modules"));
        var runner = new ProcessCommandRunner();
        foreach (var (source, destination) in new[]
        {
            (System.IO.Path.Combine(Kernel.Stage, "boot", "vmlinuz-" + version), _host.Combine("boot/vmlinuz-" + version)),
            (System.IO.Path.Combine(Kernel.Stage, "boot", "config-" + version), _host.Combine("boot/config-" + version)),
            (System.IO.Path.Combine(Kernel.Stage, "lib/modules", version), _host.Combine("lib/modules/" + version)),
        })
        {
            var link = await runner.RunAsync(new CommandRequest("cp", ["-al", source, destination]), cancellationToken);
            Assert.True(link.Succeeded, $"cp -al {source} failed: {link.StandardError}");
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, directory)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, file)));
    }
}
