using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// Apply what was shown: the id a plan is shown under is the same for as long as the host is, an apply with it changes
/// the host only while the host still gives that plan, and otherwise answers Stale, names what moved and writes nothing.
/// </summary>
public sealed class ApplyShownPlanTests : IDisposable
{
    private static readonly IReadOnlyList<HostStep> Steps2And3 = [HostStep.Host, HostStep.Isolate];
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private StepHost Host => new() { Name = "workstation", Root = _host.Path };

    private async Task<string> ShowPlanAsync(TestEngine engine)
    {
        var preview = await engine.Plan.PlanAsync(Host, SampleWorkstation.GuestGpu, Steps2And3, StepPlanOptions.Default, Ct, TestActors.Operator.Name);
        Assert.Equal(HostChangeOutcome.Planned, preview.Outcome);
        return Assert.IsType<string>(preview.PlanId);
    }

    private Task<StepApplyResult> ApplyAsync(TestEngine engine, string planId) =>
        engine.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, Steps2And3, StepPlanOptions.Default, TestActors.Operator, Ct, planId);

    [Fact]
    public async Task PlanId_OfAnUnchangedHost_IsTheSameEachTime()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var first = await ShowPlanAsync(engine);
        var second = await ShowPlanAsync(engine);

        Assert.Matches(@"\Apl_[0-9a-f]{24}\z", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Apply_WithTheIdOfAnUnchangedHost_Applies()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var planId = await ShowPlanAsync(engine);

        var applied = await ApplyAsync(engine, planId);

        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(planId, applied.Preview.PlanId);
        Assert.Contains("intel_iommu=on", await File.ReadAllTextAsync(_host.MachinePath("etc/default/grub"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_AfterAHostFileChanged_IsStaleNamesTheFileAndWritesNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var planId = await ShowPlanAsync(engine);
        _host.Root.WriteText("etc/default/grub", SampleWorkstation.GrubDefaults("quiet splash loglevel=3"));
        var before = _host.Snapshot();

        var applied = await ApplyAsync(engine, planId);

        Assert.Equal(StepApplyOutcome.Stale, applied.Outcome);
        Assert.Null(applied.ChangeSetId);
        Assert.StartsWith($"Nothing was changed: the host no longer gives the plan you saw ({planId}): ", applied.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/default/grub changed on the host since the plan was shown", applied.Message, StringComparison.Ordinal);
        Assert.Contains($"({applied.Preview.PlanId})", applied.Message, StringComparison.Ordinal);
        Assert.NotEqual(planId, applied.Preview.PlanId);
        Assert.Equal(before, _host.Snapshot());
        Assert.Empty((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets);
    }

    [Fact]
    public async Task Apply_AfterTheCardsCompanionChangedItsId_IsStaleAndWritesNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var planId = await ShowPlanAsync(engine);
        // The card's audio function now reports another device ID (a different board in the slot): the vfio-pci ids move.
        var audio = SampleWorkstation.GuestGpu with { Function = 1 };
        File.WriteAllText(Path.Combine(DeviceDirectory(audio), "device"), "0x10f9\n");
        var before = _host.Snapshot();

        var applied = await ApplyAsync(engine, planId);

        Assert.Equal(StepApplyOutcome.Stale, applied.Outcome);
        Assert.Contains("/etc/modprobe.d/", applied.Message, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Empty((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets);
    }

    [Fact]
    public async Task Apply_AfterTheCardWasBoundToAnotherDriver_IsStaleAndWritesNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var planId = await ShowPlanAsync(engine);
        _host.BindDriver(SampleWorkstation.GuestGpu, "nouveau");
        var before = _host.Snapshot();

        var applied = await ApplyAsync(engine, planId);

        Assert.Equal(StepApplyOutcome.Stale, applied.Outcome);
        Assert.StartsWith($"Nothing was changed: the host no longer gives the plan you saw ({planId}): ", applied.Message, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Empty((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets);
    }

    [Fact]
    public async Task Apply_WithAnIdNeverShown_IsStaleAndSaysSo()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var before = _host.Snapshot();

        var applied = await ApplyAsync(engine, "pl_0123456789abcdef01234567");

        Assert.Equal(StepApplyOutcome.Stale, applied.Outcome);
        Assert.Contains("no plan pl_0123456789abcdef01234567 was shown", applied.Message, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task ApplyShown_TheKeptPlanOfAnotherEngine_AppliesTheSameRequest()
    {
        string planId;
        using (var shownBy = await TestEngine.OpenAsync(_data.Path)) planId = await ShowPlanAsync(shownBy);
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var shown = await engine.Get<PassthroughWeb.Services.Plans.PlanFingerprints>().FindAsync(planId, Ct);

        var applied = await engine.Apply.ApplyShownAsync(Host, Assert.IsType<PassthroughWeb.Services.Plans.ShownPlan>(shown), TestActors.Operator, Ct);

        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(["host", "isolate"], Assert.Single((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets).Set.Steps);
    }

    private string DeviceDirectory(Core.Scanning.PciAddress device) =>
        new DirectoryInfo(_host.MachinePath($"sys/bus/pci/devices/{device}")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
}
