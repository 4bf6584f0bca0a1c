using PassthroughWeb.Core.Import;
using System.Xml.Linq;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>
/// New VMs planned against the real libvirtd and a fixture host, then created the way the change engine creates them
/// (vol-create-as, define --validate) and read back with dumpxml: what libvirt keeps is what the plan promised.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class VmCreationPlannerLibvirtTests(LibvirtDaemon daemon)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly PciAddress Gpu = SampleWorkstation.GuestGpu;

    [Fact]
    public async Task Plan_Windows11WithOddName_DefinesQ35SecureBootTpmAndTheCardOnOneMultifunctionSlot()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("win11") + " & 'Grüße' \"GPU\" (名前)";
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var request = new NewVmRequest
        {
            Name = name,
            Windows = WindowsVersion.Windows11,
            InstallIsoPath = NewVmHost.Win11Iso,
            VirtioWinIsoPath = NewVmHost.VirtioWinIso,
            Gpu = Gpu,
            StoragePool = scratch.Pool,
            Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = scratch.Network },
        };

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), request, Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        var plan = result.Plan!;
        Assert.Equal(["vm"], plan.Steps);
        Assert.Empty(plan.Files);
        Assert.Empty(plan.Commands);
        var change = Assert.Single(plan.Domains);
        Assert.True(change.Creates);
        Assert.Equal(LibvirtDaemon.Uri, change.Connection);
        Assert.Equal(name, change.Name);
        var volume = change.NewVolume!;
        Assert.Equal(scratch.Pool, volume.Pool);
        // The image's file name keeps the VM's name, with what a shell would trip over made '_'.
        Assert.Equal(name[..name.IndexOf(' ', StringComparison.Ordinal)] + "____Grüße___GPU___名前_.qcow2", volume.Name);
        Assert.Equal(64L << 30, volume.CapacityBytes);
        Assert.Equal("qcow2", volume.Format);
        // Sized to leave the host 2 cores (4 threads of 12) and a quarter of 32 GiB; the guide's 8 GiB fits.
        Assert.Equal(8, result.Blueprint!.VirtualCpus);
        Assert.Equal(8L << 30, result.Blueprint.MemoryBytes);
        Assert.Contains(result.Warnings, w => w.Subject == "accelerator"); // the fixture has no /dev/kvm
        Assert.Contains(result.Warnings, w => w.Subject == "network" && w.Message.Contains("not started", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Subject == "gpu" && w.Message.Contains("vfio-pci", StringComparison.Ordinal));

        await Validate(change.After);

        // What the change engine does on apply: the volume first, then the domain.
        scratch.Track(name);
        var storage = new LibvirtStorage(virsh);
        var created = await storage.CreateVolumeAsync(volume, Ct);
        Assert.True(created.Succeeded, created.Error?.Detail);
        Assert.Equal(Path.Combine(scratch.PoolDirectory, volume.Name), created.GetValue());
        Assert.Equal(created.GetValue(), result.Blueprint.DiskPath);
        var defined = await virsh.DefineAsync(change.After, Ct);
        Assert.True(defined.Succeeded, defined.Error?.Detail);

        var dumped = await virsh.DumpXmlAsync(name, inactive: true, Ct);
        Assert.True(dumped.Succeeded, dumped.Error?.Detail);
        var domain = XDocument.Parse(dumped.GetValue()).Root!;
        Assert.Equal("qemu", (string?)domain.Attribute("type"));
        Assert.Equal(name, domain.Element("name")!.Value);
        Assert.StartsWith("pc-q35-", (string?)domain.Element("os")!.Element("type")!.Attribute("machine"), StringComparison.Ordinal);
        var loader = domain.Element("os")!.Element("loader")!;
        Assert.Equal("yes", (string?)loader.Attribute("secure"));
        Assert.Equal(NewVmHost.DescriptorCode(["secure-boot", "enrolled-keys"], []), loader.Value);
        Assert.NotNull(domain.Element("features")!.Element("smm"));
        // Emulation (no /dev/kvm in the fixture) takes only the enlightenments TCG can start with.
        Assert.Equal(["relaxed", "vapic", "spinlocks"], domain.Element("features")!.Element("hyperv")!.Elements().Select(e => e.Name.LocalName));
        Assert.Null(domain.Element("features")!.Element("kvm")); // an AMD card: nothing to hide
        Assert.Equal(8 * 1024 * 1024, (long)domain.Element("memory")!);
        Assert.Equal("8", domain.Element("vcpu")!.Value);
        var topology = domain.Element("cpu")!.Element("topology")!;
        Assert.Equal(("4", "2"), ((string?)topology.Attribute("cores"), (string?)topology.Attribute("threads")));

        var devices = domain.Element("devices")!;
        var agent = Assert.Single(devices.Elements("channel"), c => (string?)c.Element("target")?.Attribute("name") == "org.qemu.guest_agent.0");
        Assert.Equal("unix", (string?)agent.Attribute("type"));
        var tpm = Assert.Single(devices.Elements("tpm"));
        Assert.Equal("tpm-crb", (string?)tpm.Attribute("model"));
        Assert.Equal(("emulator", "2.0"), ((string?)tpm.Element("backend")!.Attribute("type"), (string?)tpm.Element("backend")!.Attribute("version")));
        var disks = devices.Elements("disk").ToList();
        var disk = Assert.Single(disks, d => (string?)d.Attribute("device") == "disk");
        Assert.Equal(created.GetValue(), (string?)disk.Element("source")!.Attribute("file"));
        Assert.Equal(("qcow2", "virtio"), ((string?)disk.Element("driver")!.Attribute("type"), (string?)disk.Element("target")!.Attribute("bus")));
        var cdroms = disks.Where(d => (string?)d.Attribute("device") == "cdrom").ToList();
        Assert.Equal([NewVmHost.Win11Iso, NewVmHost.VirtioWinIso], cdroms.Select(c => (string?)c.Element("source")!.Attribute("file")));
        Assert.All(cdroms, c => Assert.Equal("sata", (string?)c.Element("target")!.Attribute("bus")));
        var nic = Assert.Single(devices.Elements("interface"));
        Assert.Equal(scratch.Network, (string?)nic.Element("source")!.Attribute("network"));
        Assert.Equal("virtio", (string?)nic.Element("model")!.Attribute("type"));

        var hostdevs = devices.Elements("hostdev").ToList();
        Assert.Equal(2, hostdevs.Count);
        Assert.All(hostdevs, h => Assert.Equal(("pci", "yes"), ((string?)h.Attribute("type"), (string?)h.Attribute("managed"))));
        Assert.Equal(["0x07:0x00.0x0", "0x07:0x00.0x1"], hostdevs.Select(h => Bdf(h.Element("source")!.Element("address")!)));
        var guest = hostdevs.Select(h => h.Element("address")!).ToList();
        Assert.Single(guest.Select(a => ((string?)a.Attribute("bus"), (string?)a.Attribute("slot"))).Distinct());
        Assert.Equal(["0x0", "0x1"], guest.Select(a => (string?)a.Attribute("function")));
        Assert.Equal("on", (string?)guest[0].Attribute("multifunction"));
        // The slot's bus is a root port of its own: nothing else of the guest lives there.
        var bus = Convert.ToInt32((string?)guest[0].Attribute("bus"), 16);
        var port = Assert.Single(devices.Elements("controller"), c => (string?)c.Attribute("type") == "pci" && (int?)c.Attribute("index") == bus);
        Assert.Equal("pcie-root-port", (string?)port.Attribute("model"));
        Assert.DoesNotContain(devices.Elements().Where(e => e.Name != "hostdev"),
            e => e.Elements("address").Any(a => (string?)a.Attribute("type") == "pci" && Convert.ToInt32((string?)a.Attribute("bus"), 16) == bus));

        // What the change engine does on rollback: the domain with its variable store and TPM state, then the volume.
        await daemon.MustAsync("undefine", "--nvram", "--tpm", "--domain", name);
        var deleted = await storage.DeleteVolumeAsync(volume.Pool, volume.Name, Ct);
        Assert.True(deleted.Succeeded, deleted.Error?.Detail);
        Assert.False(File.Exists(created.GetValue()));
    }

    [Fact]
    public async Task Plan_Windows11WithoutCard_StartsUnderEmulationWithSecureBootFirmwareAndTpm()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        // QEMU opens the ISO on this machine, so it is a real file here and at the same path under the fixture root.
        var iso = Path.Combine(scratch.PoolDirectory, "isos", "Win11.iso");
        if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(Path.GetDirectoryName(iso)!, (UnixFileMode)0b111_101_101);
        await File.WriteAllBytesAsync(iso, new byte[1 << 20], Ct);
        host.Root.WriteText(iso, "");
        var name = LibvirtDaemon.NewDomainName("boot");
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var request = Request(name, scratch) with { Gpu = null, InstallIsoPath = iso };

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), request, Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        var change = Assert.Single(result.Plan!.Domains);
        var created = await new LibvirtStorage(virsh).CreateVolumeAsync(change.NewVolume!, Ct);
        Assert.True(created.Succeeded, created.Error?.Detail);
        // The NAT network cannot be started here (no dnsmasq): user-mode networking stands in for it; the rest is as planned.
        var xml = XDocument.Parse(change.After);
        var nic = xml.Root!.Element("devices")!.Element("interface")!;
        nic.Attribute("type")!.Value = "user";
        nic.Element("source")!.Remove();
        scratch.Track(name);
        Assert.True((await virsh.DefineAsync(xml.ToString(), Ct)).Succeeded);

        await daemon.MustAsync("start", "--domain", name);
        try
        {
            Assert.Equal(DomainState.Running, (await virsh.GetStateAsync(name, Ct)).GetValue());
            var live = XDocument.Parse((await virsh.DumpXmlAsync(name, inactive: false, Ct)).GetValue()).Root!;
            // libvirt copied the enrolled-keys template into the VM's own variable store and started swtpm for it.
            var nvram = live.Element("os")!.Element("nvram")!;
            Assert.Equal(new FileInfo((string)nvram.Attribute("template")!).Length, new FileInfo(nvram.Value).Length);
            Assert.Equal("emulator", (string?)live.Element("devices")!.Element("tpm")!.Element("backend")!.Attribute("type"));
        }
        finally
        {
            await daemon.VirshAsync("destroy", "--domain", name);
        }
    }

    [Fact]
    public async Task Plan_Windows10OnABridge_DefinesPlainOvmfWithoutTpmOrSmm()
    {
        daemon.Require();
        using var host = new NewVmHost();
        host.Root.CreateDirectory("sys/class/net/br0/bridge");
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("win10");
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var request = new NewVmRequest
        {
            Name = name,
            Windows = WindowsVersion.Windows10,
            InstallIsoPath = NewVmHost.Win10Iso,
            Gpu = Gpu with { Function = 1 }, // any function names the card
            VirtualCpus = 4,
            MemoryBytes = 6L << 30,
            DiskBytes = 50L << 30,
            StoragePool = scratch.Pool,
            Network = VmNetwork.HostBridge("br0"),
        };

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), request, Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        var change = Assert.Single(result.Plan!.Domains);
        await Validate(change.After);
        scratch.Track(name);
        var defined = await virsh.DefineAsync(change.After, Ct);
        Assert.True(defined.Succeeded, defined.Error?.Detail);
        var domain = XDocument.Parse((await virsh.DumpXmlAsync(name, inactive: true, Ct)).GetValue()).Root!;

        var loader = domain.Element("os")!.Element("loader")!;
        Assert.Null(loader.Attribute("secure"));
        Assert.Equal(NewVmHost.DescriptorCode([], ["secure-boot"]), loader.Value);
        Assert.Null(domain.Element("features")!.Element("smm"));
        var devices = domain.Element("devices")!;
        Assert.Empty(devices.Elements("tpm"));
        Assert.Equal("4", domain.Element("vcpu")!.Value);
        Assert.Equal(6 * 1024 * 1024, (long)domain.Element("memory")!);
        Assert.Equal(50L << 30, change.NewVolume!.CapacityBytes);
        // No virtio-win ISO: devices Windows Setup drives by itself.
        var disk = Assert.Single(devices.Elements("disk"), d => (string?)d.Attribute("device") == "disk");
        Assert.Equal("sata", (string?)disk.Element("target")!.Attribute("bus"));
        var nic = Assert.Single(devices.Elements("interface"));
        Assert.Equal(("bridge", "br0", "e1000e"), ((string?)nic.Attribute("type"), (string?)nic.Element("source")!.Attribute("bridge"), (string?)nic.Element("model")!.Attribute("type")));
        Assert.Equal(2, devices.Elements("hostdev").Count());
        Assert.Contains(result.Findings, f => f.Subject == "disk" && f.Message.Contains("virtio-win", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_NvidiaCard_HidesTheHypervisorAndPassesAllItsFunctions()
    {
        daemon.Require();
        var listing = IommuListing.Parse(File.ReadAllText(RepositoryPaths.RequireCorpusFile("iommu", "joe-p-x570-1080ti-gt710-oneline.txt")));
        using var host = new NewVmHost(listing: listing);
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("nvidia");
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var request = new NewVmRequest
        {
            Name = name,
            Windows = WindowsVersion.Windows11,
            InstallIsoPath = NewVmHost.Win11Iso,
            Gpu = new PciAddress(0, 0x0b, 0, 0), // the GTX 1080 Ti
            StoragePool = scratch.Pool,
            Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = scratch.Network },
        };

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), request, Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        var change = Assert.Single(result.Plan!.Domains);
        scratch.Track(name);
        var defined = await virsh.DefineAsync(change.After, Ct);
        Assert.True(defined.Succeeded, defined.Error?.Detail);
        var domain = XDocument.Parse((await virsh.DumpXmlAsync(name, inactive: true, Ct)).GetValue()).Root!;
        var features = domain.Element("features")!;
        Assert.Equal("on", (string?)features.Element("kvm")!.Element("hidden")!.Attribute("state"));
        var vendorId = features.Element("hyperv")!.Element("vendor_id")!;
        Assert.Equal("on", (string?)vendorId.Attribute("state"));
        Assert.InRange(((string?)vendorId.Attribute("value"))!.Length, 1, 12);
        Assert.Equal(["0x0b:0x00.0x0", "0x0b:0x00.0x1"],
            domain.Element("devices")!.Elements("hostdev").Select(h => Bdf(h.Element("source")!.Element("address")!)));
    }

    [Fact]
    public async Task Plan_NameAlreadyDefined_RefusesAndNamesTheVm()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("taken");
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        scratch.Track(name);
        var existing = await virsh.DefineAsync(
            $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='q35'>hvm</type></os></domain>", Ct);
        Assert.True(existing.Succeeded, existing.Error?.Detail);

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), Request(name, scratch), Ct);

        Assert.True(result.IsRefused);
        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("name", refusal.Subject);
        Assert.Contains($"A VM named '{name}' is already defined", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_CardAlreadyInAnotherVm_WarnsThatOnlyOneCanRun()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var other = LibvirtDaemon.NewDomainName("other");
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        scratch.Track(other);
        var defined = await virsh.DefineAsync(
            $"<domain type='qemu'><name>{other}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>" +
            "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x07' slot='0x00' function='0x1'/></source></hostdev>" +
            "</devices></domain>", Ct);
        Assert.True(defined.Succeeded, defined.Error?.Detail);

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), Request(LibvirtDaemon.NewDomainName("second"), scratch), Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains(other, StringComparison.Ordinal));
        Assert.Equal($"The VM '{other}' already has 0000:07:00.1: only one of the two VMs can run at a time.", warning.Message);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("images")]
    [InlineData("windows-gaming-vm-images")]
    public async Task Plan_PoolNamedAsOnRealHosts_FindsItAndPlansTheDiskInIt(string pool)
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon, pool);
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), Request(LibvirtDaemon.NewDomainName("pool"), scratch), Ct);

        // virsh 9.0 prints "default" and "images" padded to 20 characters; a long name comes back as it is.
        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        Assert.Equal(pool, result.Plan!.Domains[0].NewVolume!.Pool);
        Assert.StartsWith(scratch.PoolDirectory + "/", result.Blueprint!.DiskPath, StringComparison.Ordinal);
        var storage = new LibvirtStorage(virsh);
        Assert.Contains(pool, (await storage.ListPoolsAsync(Ct)).GetValue());
        var found = (await storage.GetPoolAsync(pool, Ct)).GetValue();
        Assert.NotNull(found);
        Assert.True(found.Active);
        Assert.Equal(scratch.PoolDirectory, found.TargetPath);
    }

    [Fact]
    public async Task Networks_DefaultAndALongName_ListedByTheirExactNames()
    {
        daemon.Require();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var raw = await daemon.MustAsync("net-list", "--all", "--name");

        var networks = (await new LibvirtNetworks(virsh).ListAsync(Ct)).GetValue();

        Assert.True(scratch.Network.Length > 20);
        var mine = Assert.Single(networks, n => n.Name == scratch.Network);
        Assert.False(mine.Active);
        // Every listed name is one of the daemon's networks exactly: no padding, no blank entries.
        Assert.Equal(raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(), networks.Select(n => n.Name).Order());
        if (raw.Split('\n').Any(l => l.Trim() == "default")) Assert.Contains(networks, n => n.Name == "default");
    }

    [Fact]
    public async Task Plan_PoolOrNetworkMissing_RefusesWithHowToCreateThem()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var planner = new VmCreationPlanner(host.Root, virsh);
        var name = LibvirtDaemon.NewDomainName("nopool");

        var noPool = await planner.PlanAsync(host.Scan(), Request(name, scratch) with { StoragePool = scratch.Pool + "-missing" }, Ct);
        var noNetwork = await planner.PlanAsync(host.Scan(), Request(name, scratch) with { Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = scratch.Network + "-missing" } }, Ct);
        var noBridge = await planner.PlanAsync(host.Scan(), Request(name, scratch) with { Network = VmNetwork.HostBridge("br7") }, Ct);

        var pool = Assert.Single(noPool.Refusals);
        Assert.Equal("pool", pool.Subject);
        Assert.Contains($"There is no storage pool '{scratch.Pool}-missing'", pool.Message, StringComparison.Ordinal);
        Assert.Contains($"'{scratch.Pool}'", pool.Message, StringComparison.Ordinal); // the pools that do exist are listed
        var network = Assert.Single(noNetwork.Refusals);
        Assert.Equal("network", network.Subject);
        Assert.Contains("net-list", network.WhatToDo, StringComparison.Ordinal);
        var bridge = Assert.Single(noBridge.Refusals);
        Assert.Equal("The host has no network interface 'br7'.", bridge.Message);
        Assert.Contains("bridge", bridge.WhatToDo, StringComparison.Ordinal);
        Assert.All([noPool, noNetwork, noBridge], r => Assert.Null(r.Plan));
    }

    [Fact]
    public async Task Plan_DefaultPoolMissing_SaysHowVirtManagerCreatesIt()
    {
        daemon.Require();
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var pools = await new LibvirtStorage(virsh).ListPoolsAsync(Ct);
        if (pools.GetValue().Contains("default")) Assert.Skip("This libvirtd has a pool named 'default' (a developer's machine): nothing to refuse.");
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);

        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), Request(LibvirtDaemon.NewDomainName("default-pool"), scratch) with { StoragePool = "default" }, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Contains("virsh pool-define-as default dir --target /var/lib/libvirt/images", refusal.WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_VolumeOfThatNameExists_RefusesToOverwriteIt()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("oldimage");
        // An image left in the pool's directory by hand: libvirt learns of it only on refresh.
        File.WriteAllText(Path.Combine(scratch.PoolDirectory, VmCreationPlanner.VolumeName(name)), "");

        var result = await new VmCreationPlanner(host.Root, new Virsh(daemon.Runner, LibvirtDaemon.Uri)).PlanAsync(host.Scan(), Request(name, scratch), Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("disk", refusal.Subject);
        Assert.Contains($"already has a volume '{name}.qcow2'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithoutSwtpm_Windows11GetsNoTpmAndAWarning()
    {
        daemon.Require();
        using var host = new NewVmHost(swtpm: false);
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);

        var result = await new VmCreationPlanner(host.Root, new Virsh(daemon.Runner, LibvirtDaemon.Uri)).PlanAsync(host.Scan(), Request(LibvirtDaemon.NewDomainName("notpm"), scratch), Ct);

        Assert.False(result.IsRefused, string.Join("\n", result.Refusals));
        Assert.False(result.Blueprint!.Tpm);
        Assert.DoesNotContain("<tpm", result.Plan!.Domains[0].After, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings, w => w.Subject == "tpm");
        Assert.Contains("apt install swtpm swtpm-tools", warning.WhatToDo, StringComparison.Ordinal);
        Assert.Contains(warning.ToString(), result.Plan.Notes);
    }

    private static NewVmRequest Request(string name, LibvirtScratch scratch) => new()
    {
        Name = name,
        Windows = WindowsVersion.Windows11,
        InstallIsoPath = NewVmHost.Win11Iso,
        Gpu = Gpu,
        StoragePool = scratch.Pool,
        Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = scratch.Network },
    };

    private static string Bdf(XElement address) =>
        $"{(string?)address.Attribute("bus")}:{(string?)address.Attribute("slot")}.{(string?)address.Attribute("function")}";

    /// <summary>libvirt's own schema check (virt-xml-validate from libxml2-utils).</summary>
    internal static async Task Validate(string xml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pwtest-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml, Ct);
        try
        {
            var result = await new ProcessCommandRunner().RunAsync(new CommandRequest("virt-xml-validate", [file, "domain"]), Ct);
            if (!result.Started) Assert.Skip("virt-xml-validate is not installed here (apt-get install libvirt-clients libxml2-utils).");
            Assert.True(result.Succeeded, $"virt-xml-validate refused the XML:\n{result.StandardError}\n{result.StandardOutput}\n{xml}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
