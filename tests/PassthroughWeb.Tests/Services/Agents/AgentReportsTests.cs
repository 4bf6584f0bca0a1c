using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Agents;

/// <summary>
/// What an agent reports is stored as its host's profile, through the same storage a local scan uses, only for the host
/// its token names; and the hub's step operations then refuse to act on that host rather than on the hub's machine.
/// </summary>
public sealed class AgentReportsTests : IAsyncLifetime
{
    private readonly TemporaryDataDirectory _data = new();
    private readonly string _machine = Directory.CreateTempSubdirectory("pw-agent-host-").FullName;
    private readonly HostEventFeed _feed = new();
    private TestEngine? _engine;
    private AgentConnections? _agents;
    private AgentReports? _reports;

    private TestEngine Engine => _engine!;
    private AgentReports Reports => _reports!;
    private HostCatalog Catalog => new(Engine.Get<IDbContextFactory<PassthroughDbContext>>());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        HostTreeWriter.Write(new HostRoot(_machine), SampleWorkstation.Spec with { HostName = "gpu-node-017" });
        _engine = await TestEngine.OpenAsync(_data.Path);
        _agents = new AgentConnections(_feed, TimeProvider.System);
        var databases = Engine.Get<IDbContextFactory<PassthroughDbContext>>();
        // The hub's own store path, on the feed the test reads.
        var scans = new HostScanService(databases, TimeProvider.System, _feed, NullLogger<HostScanService>.Instance);
        _reports = new AgentReports(databases, _agents, scans, TimeProvider.System, NullLogger<AgentReports>.Instance);
    }

    private Task<AgentReport> ReportOfAsync(string? name = null) => Engine.Get<AgentReportBuilder>().BuildAsync(_machine, name, Ct);

    [Fact]
    public async Task AReportOfTheTokensHost_IsStoredAsAnAgentHostsProfile_WithItsStepsAndAScanStoredEvent()
    {
        _agents!.Connect("gpu-node-017", "c1", 7, () => { });
        var report = await ReportOfAsync();

        Assert.Null(await Reports.StoreAsync("gpu-node-017", "c1", report, Ct));

        var host = await Engine.Hosts.FindHostAsync("gpu-node-017", Ct);
        Assert.True(host!.IsAgent);
        var profile = await Catalog.GetLatestAsync("gpu-node-017", Ct);
        Assert.Equal([SampleWorkstation.HostGpu, SampleWorkstation.GuestGpu], profile!.Report.Gpus.Select(g => g.Address));
        using var subscription = _feed.Subscribe("gpu-node-017", Ct);
        Assert.Equal("agent", Assert.Single(subscription.Snapshot.OfType<ScanStored>()).Source);
        var steps = AgentProgress.Of(_agents.Find("gpu-node-017")!.LastReport!);
        Assert.Equal([1, 2, 3, 4, 5], steps!.Steps.Select(s => s.Number));
    }

    [Fact]
    public async Task TheReportedSteps_AreKeptOnTheHub_AndShownAsLastKnownOnceTheAgentIsOffline()
    {
        _agents!.Connect("gpu-node-017", "c1", 7, () => { });
        var report = await ReportOfAsync();
        Assert.Null(await Reports.StoreAsync("gpu-node-017", "c1", report, Ct));
        var standings = new PassthroughWeb.Services.Checklist.HostStandingQuery(Catalog, Engine.Get<PassthroughWeb.Services.Operations.HistoryQuery>(), _agents);
        Assert.False(Assert.Single(await standings.ListAsync(Ct)).StepsLastKnown);

        _agents.Disconnect("gpu-node-017", "c1");

        var offline = Assert.Single(await standings.ListAsync(Ct));
        Assert.True(offline.StepsLastKnown);
        Assert.Equal(AgentProgress.Of(report)!.Steps.Select(s => (s.Number, s.State, s.IsNext)), offline.Progress.Steps.Select(s => (s.Number, s.State, s.IsNext)));
    }

    [Fact]
    public async Task AReportWhoseScanContradictsWhatItsAppliedStepsStandOn_PublishesDrift_AsALocalScanDoes()
    {
        // The agent's applied step 3 stands on an RTX 3060 at the guest card's address; the scan finds the RX 6600 there.
        var planned = new List<PassthroughWeb.Core.Drift.DeviceExpectation>
        {
            new() { Step = "isolate", Address = SampleWorkstation.GuestGpu, VendorDevice = "10de:2504", IsPassed = true, Name = "GeForce RTX 3060" },
        };
        var report = (await ReportOfAsync()) with { PlannedDevicesJson = ChangeSetJson.Serialize(planned) };

        Assert.Null(await Reports.StoreAsync("gpu-node-017", "c1", report, Ct));

        using var subscription = _feed.Subscribe("gpu-node-017", Ct);
        var drift = Assert.Single(subscription.Snapshot.OfType<DriftDetected>());
        Assert.Equal(["isolate"], drift.Steps);
        Assert.Contains("10de:2504", string.Join(" ", drift.Differences), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportUnderAnotherName_IsRefusedNamingTheNameToUse_AndNothingIsStored()
    {
        var refusal = await Reports.StoreAsync("render-003", "c1", await ReportOfAsync(), Ct);

        Assert.Contains("--name render-003", refusal, StringComparison.Ordinal);
        Assert.Null(await Engine.Hosts.FindHostAsync("gpu-node-017", Ct));
        Assert.Null(await Engine.Hosts.FindHostAsync("render-003", Ct));
    }

    [Fact]
    public async Task AReportUnderTheNameOfAHostTheHubReadsItself_IsRefused()
    {
        await Engine.Scans.ScanAndStoreAsync(_machine, "gpu-node-017", isDemo: false, Ct);

        var refusal = await Reports.StoreAsync("gpu-node-017", "c1", await ReportOfAsync(), Ct);

        Assert.Contains("reads itself", refusal, StringComparison.Ordinal);
        Assert.False((await Engine.Hosts.FindHostAsync("gpu-node-017", Ct))!.IsAgent);
    }

    [Fact]
    public async Task OnAnAgentsHost_ThisMachinesPlanRescanAndVmPlan_RefuseNamingTheAgent_InsteadOfActingOnThisMachine()
    {
        Assert.Null(await Reports.StoreAsync("gpu-node-017", "c1", await ReportOfAsync(), Ct));
        var host = (await Engine.Hosts.FindHostAsync("gpu-node-017", Ct))!;
        // The reported root exists on this machine (the test's fixture): only the host's source stops the plan.
        Assert.True(Directory.Exists(host.Root));

        var plan = await Engine.Plan.PlanAsync(host, SampleWorkstation.GuestGpu, [HostStep.Host, HostStep.Isolate], new StepPlanOptions(), Ct);
        var rescan = await Engine.Scans.RescanAsync("gpu-node-017", Services.TestActors.Operator, Ct);
        var vm = await Engine.Vms.PlanAsync(host, new PassthroughWeb.Services.Vm.VmStepOptions { Vm = "win11", Gpu = SampleWorkstation.GuestGpu }, Ct);

        Assert.Equal(HostChangeOutcome.Error, plan.Outcome);
        Assert.Null(plan.Identity);
        Assert.Contains("its steps run on gpu-node-017 through its agent", plan.Message, StringComparison.Ordinal);
        Assert.False(rescan.Succeeded);
        Assert.Contains("agent", rescan.Error, StringComparison.Ordinal);
        Assert.Equal(PassthroughWeb.Core.VirtualMachines.VmPlanOutcome.Error, vm.Outcome);
        Assert.Contains("Nothing was read or changed here.", vm.Message, StringComparison.Ordinal);
        Assert.Single(await Catalog.ListProfilesAsync("gpu-node-017", Ct));
    }

    public ValueTask DisposeAsync()
    {
        _reports?.Dispose();
        _engine?.Dispose();
        _data.Dispose();
        Directory.Delete(_machine, recursive: true);
        return ValueTask.CompletedTask;
    }
}
