using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.Demo;

/// <summary>
/// The demo's own libvirt, started for real: it has what a fresh libvirt install has, a VM planned on the sample
/// workstation is created in it through the change engine and read back, the machine's libvirtd gets nothing, and
/// the daemon is gone when it is disposed. It shares the libvirt collection so it can look at the system daemon too.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class DemoLibvirtTests(LibvirtDaemon daemon) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _data = Directory.CreateTempSubdirectory("pwtest-demo-data-with-a-long-name-as-test-data-directories-have-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Start_LongDataDirectory_SocketStaysShortWithPoolAndNetworkDefaultAndAVmIsCreatedThereOnly()
    {
        daemon.Require();
        var runner = new ProcessCommandRunner();
        var libvirt = new DemoLibvirt(runner, _data);
        int pid;
        await using (libvirt)
        {
            var problem = await libvirt.StartAsync(Ct);

            Assert.Null(problem);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(libvirt.SocketPath) <= DemoLibvirt.MaxSocketPathBytes);
            Assert.Equal(DemoLibvirt.ConnectionFor(DemoLibvirt.DirectoryFor(_data)), libvirt.Connection);
            var virsh = new Virsh(runner, libvirt.Connection);
            Assert.Equal(["default"], (await new LibvirtStorage(virsh).ListPoolsAsync(Ct)).GetValue());
            Assert.Equal(["default"], (await new LibvirtNetworks(virsh).ListAsync(Ct)).GetValue().Select(n => n.Name));
            pid = int.Parse(File.ReadAllText(Path.Combine(libvirt.Directory, "run", "libvirtd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

            // Steps 4 and 5 on the demo tree: plan, create through the change engine (the demo's root is a copy of a
            // host, and its own libvirt is the connection chosen for it), read back.
            var tree = Path.Combine(_data, "tree");
            Directory.CreateDirectory(tree);
            var root = SampleWorkstation.Build(tree);
            root.WriteText("srv/isos/Win11_24H2_English_x64.iso", ""); // what the user would point the form at
            var scan = new HostScanner(TimeProvider.System).Scan(root, SampleWorkstation.HostName);
            var name = LibvirtDaemon.NewDomainName("demo-win11");
            var planned = await new VmCreationPlanner(root, virsh).PlanAsync(scan, new NewVmRequest
            {
                Name = name,
                Windows = WindowsVersion.Windows11,
                InstallIsoPath = "/srv/isos/Win11_24H2_English_x64.iso",
                Gpu = SampleWorkstation.GuestGpu,
                StoragePool = "default",
                Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = "default" },
            }, Ct);
            Assert.False(planned.IsRefused, string.Join("\n", planned.Refusals));
            var plan = planned.Plan! with { Domains = [.. planned.Plan.Domains.Select(d => d with { ConnectionNamed = true })] };
            var applied = await new ChangeApplier(root, runner, new InMemoryChangeJournal(), TimeProvider.System, Path.Combine(_data, "backups")).ApplyAsync(plan, SampleWorkstation.HostName, "alice", Ct);

            Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
            Assert.Equal(DomainState.ShutOff, (await virsh.GetStateAsync(name, Ct)).GetValue());
            Assert.Equal("qemu", System.Xml.Linq.XDocument.Parse((await virsh.DumpXmlAsync(name, inactive: true, Ct)).GetValue()).Root!.Attribute("type")!.Value);
            Assert.Single(Directory.GetFiles(libvirt.ImagesDirectory));
            Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        }

        Assert.False(Directory.Exists($"/proc/{pid}"));
        Assert.False(Directory.Exists(libvirt.Directory));
    }

    [Fact]
    public void DirectoryFor_TwoDataDirectories_TwoShortDirectories()
    {
        var one = DemoLibvirt.DirectoryFor("/var/lib/passthroughweb");
        var other = DemoLibvirt.DirectoryFor(_data);

        Assert.NotEqual(one, other);
        Assert.Equal(one, DemoLibvirt.DirectoryFor("/var/lib/../lib/passthroughweb"));
        Assert.StartsWith("qemu+unix:///session?socket=/", DemoLibvirt.ConnectionFor(one), StringComparison.Ordinal);
        Assert.True(DemoLibvirt.ConnectionFor(one).Length < 80);
    }
}
