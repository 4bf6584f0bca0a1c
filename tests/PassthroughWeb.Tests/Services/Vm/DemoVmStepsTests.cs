using Microsoft.Extensions.Logging.Abstractions;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Vm;

/// <summary>
/// Steps 4 and 5 of the demo as the web app wires them (the services its cards call): the demo host gets its own
/// libvirt, a new user can create a VM there and check it in step 5, and the machine's libvirtd gets nothing.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class DemoVmStepsTests(LibvirtDaemon daemon) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Demo_CreateVmThenCheckIt_GoesToTheDemosOwnLibvirtOnly()
    {
        daemon.Require();
        var runner = new ProcessCommandRunner();
        await using var libvirt = new DemoLibvirt(runner, _data.Path);
        Assert.Null(await libvirt.StartAsync(Ct));
        var tree = new DemoWorkstation().Build(_data.Path);
        new HostRoot(tree).WriteText("srv/isos/Win11_24H2_English_x64.iso", "");
        var options = new EngineOptions { DataDirectory = _data.Path, DemoLibvirtConnection = DemoLibvirt.ConnectionFor(DemoLibvirt.DirectoryFor(_data.Path)) };
        using var engine = await TestEngine.OpenAsync(_data.Path, runner, options);
        await engine.Scans.ScanAndStoreAsync(tree, DemoWorkstation.HostName, isDemo: true, Ct);
        var steps = engine.Vms;
        var host = (await engine.Hosts.FindHostAsync(DemoWorkstation.HostName, Ct))!;
        var name = LibvirtDaemon.NewDomainName("demo-web");

        Assert.Equal(libvirt.Connection, host.LibvirtConnection);
        Assert.True(steps.ChangesLibvirt(host, null));
        Assert.True(VmSteps.HostResourcesOf(host).MemoryBytes > 0);
        var created = await steps.CreateAsync(host, new NewVmRequest
        {
            Name = name,
            Windows = WindowsVersion.Windows11,
            InstallIsoPath = "/srv/isos/Win11_24H2_English_x64.iso",
            Gpu = SampleWorkstation.GuestGpu,
            StoragePool = "default",
            Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = "default" },
        }, null, TestActors.Admin, Ct);

        Assert.True(created.Outcome == StepApplyOutcome.Applied, created.Message);
        Assert.Contains($"libvirt at {libvirt.Connection} holds the new definition", created.Message, StringComparison.Ordinal);
        Assert.Contains((await steps.ListAsync(host, null, Ct)).GetValue(), d => d.Name == name && d.State == DomainState.ShutOff);
        // What the VM's host devices stand on is kept, for drift: both functions of the card, as step 4.
        Assert.Equal(["vm 0000:07:00.0 1002:73ff", "vm 0000:07:00.1 1002:ab28"],
            (await engine.History.HistoryAsync(DemoWorkstation.HostName, Ct)).PlannedDevices.Select(d => $"{d.Step} {d.Address} {d.VendorDevice}"));
        var guest = await steps.CheckGuestAsync(host, SampleWorkstation.GuestGpu, name, null, Ct);
        Assert.Null(guest.Problem);
        Assert.Equal(libvirt.Connection, guest.Connection);
        Assert.Contains(guest.Report!.Checks, c => c.Subject == "VM running");
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
    }
}
