using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

public sealed class StepOperationsTests : IDisposable
{
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<TestEngine> OpenAsync() => TestEngine.OpenAsync(_data.Path);

    private StepHost Host => new() { Name = "workstation", Root = _host.Path };

    [Fact]
    public async Task StartUp_AfterTheReboot_VerifiesTheAppliedSetByItselfAndRecordsIt()
    {
        using (var before = await OpenAsync())
        {
            var applied = await before.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Admin, Ct);
            Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
            Assert.True((await before.History.RebootStateAsync(Host, Ct)).Needed);
            // A start-up in the same boot leaves the set waiting for its reboot.
            await before.Recovery.RecoverAndVerifyAsync(TestActors.Startup, Ct);
            Assert.Null((await before.History.HistoryAsync(Host.Name, Ct)).ChangeSets[0].Verification);
        }

        _host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");
        using var after = await OpenAsync();
        await after.Recovery.RecoverAndVerifyAsync(TestActors.Startup, Ct);

        var history = await after.History.HistoryAsync(Host.Name, Ct);
        var set = Assert.Single(history.ChangeSets);
        Assert.True(set.Verification!.Passed, set.Verification.Summary);
        Assert.False(set.RebootNeeded);
        Assert.False((await after.History.RebootStateAsync(Host, Ct)).Needed);
        var entry = Assert.Single(history.Events);
        Assert.Equal(StepHistoryStore.VerificationEvent, entry.Kind);
        Assert.Equal("root", entry.User);
        Assert.Contains("by itself at start-up", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordEvent_StepMarkedDone_ListedInTheHistory()
    {
        using var steps = await OpenAsync();

        await steps.Recorder.RecordEventAsync(Host.Name, "step-marked-done", "Step 5 marked done by hand.", passed: true, "alice", Ct);

        var entry = Assert.Single((await steps.History.HistoryAsync(Host.Name, Ct)).Events);
        Assert.Equal(("step-marked-done", "alice", true), (entry.Kind, entry.User, entry.Passed));
    }

    [Fact]
    public async Task Verify_OnACopyOfAHostInTheSameBoot_SaysThereIsNoMachineToRebootInsteadOfRebootTheHost()
    {
        using var changes = await OpenAsync();
        var applied = await changes.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);
        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);

        var verify = await changes.Verify.VerifyAsync(Host, TestActors.Operator, Ct);

        Assert.Equal(StepVerifyOutcome.RebootNeeded, verify.Outcome);
        Assert.DoesNotContain("reboot the host", verify.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no machine to reboot", verify.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ASetAnotherTabRolledBackAlready_AlreadyRolledBackAndNoSecondHistoryEvent()
    {
        using var changes = await OpenAsync();
        var applied = await changes.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);
        var first = await changes.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Operator, force: false, Ct);
        Assert.Equal(Core.Changes.RollbackOutcome.RolledBack, first.Value.Outcome);

        var second = await changes.Rollback.RollbackAsync(applied.ChangeSetId.Value, TestActors.Admin, force: false, Ct);

        Assert.Equal(Core.Changes.RollbackOutcome.AlreadyRolledBack, second.Value.Outcome);
        Assert.Single((await changes.History.HistoryAsync(Host.Name, Ct)).Events, e => e.Kind == StepHistoryStore.RollbackEvent);
    }

    [Fact]
    public async Task Plan_AHostWithoutAKernelTree_SaysWhyNoRehearsalCanRun()
    {
        using var host = new Core.Tests.TestSupport.HeadlessServer();
        using var changes = await OpenAsync();

        var preview = await changes.Plan.PlanAsync(new StepHost { Name = Core.Tests.TestSupport.HeadlessServer.HostName, Root = host.Path }, null, [HostStep.Host], StepPlanOptions.Default, Ct);

        Assert.Equal(HostChangeOutcome.Planned, preview.Outcome);
        Assert.Null(preview.Gpu);
        Assert.Contains("No rehearsal on this host", preview.RehearsalUnavailable, StringComparison.Ordinal);
        Assert.Contains("lib/modules", preview.RehearsalUnavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Viewer_NotAllowedAndNothingWrittenOrRecorded()
    {
        using var steps = await OpenAsync();
        var grub = Path.Combine(_host.Path, "etc", "default", "grub");
        var before = await File.ReadAllTextAsync(grub, Ct);

        var result = await steps.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Viewer, Ct);

        Assert.Equal(StepApplyOutcome.NotAllowed, result.Outcome);
        Assert.Equal(Role.Operator, result.Denied!.Required);
        Assert.Contains("victor is a Viewer", result.Message, StringComparison.Ordinal);
        Assert.Null(result.ChangeSetId);
        Assert.Equal(before, await File.ReadAllTextAsync(grub, Ct));
        Assert.Empty((await steps.History.HistoryAsync(Host.Name, Ct)).ChangeSets);
    }

    [Fact]
    public async Task Apply_Operator_RecordsTheOperatorInTheHistory()
    {
        using var steps = await OpenAsync();

        var result = await steps.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);

        Assert.Equal(StepApplyOutcome.Applied, result.Outcome);
        Assert.Equal("olivia", Assert.Single((await steps.History.HistoryAsync(Host.Name, Ct)).ChangeSets).Set.User);
    }

    [Fact]
    public async Task RollbackVerifyRehearse_Viewer_NotAllowedAndTheSetStaysApplied()
    {
        using var steps = await OpenAsync();
        var applied = await steps.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);

        var rollback = await steps.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Viewer, force: false, Ct);
        var verify = await steps.Verify.VerifyAsync(Host, TestActors.Viewer, Ct);
        var rehearsal = await steps.Rehearse.RehearseAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Viewer, progress: null, Ct);

        Assert.False(rollback.IsAllowed);
        Assert.Throws<InvalidOperationException>(() => rollback.Value);
        Assert.Equal(StepVerifyOutcome.NotAllowed, verify.Outcome);
        Assert.NotNull(rehearsal.Denied);
        Assert.Null(rehearsal.EventId);
        var history = await steps.History.HistoryAsync(Host.Name, Ct);
        Assert.Equal(ChangeSetState.Applied, Assert.Single(history.ChangeSets).Set.State);
        Assert.Empty(history.Events);
    }

    [Fact]
    public async Task Rollback_Operator_RecordsTheOperatorInTheRollbackEvent()
    {
        using var steps = await OpenAsync();
        var applied = await steps.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Admin, Ct);

        var rollback = await steps.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Operator, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, rollback.Value.Outcome);
        var entry = Assert.Single((await steps.History.HistoryAsync(Host.Name, Ct)).Events);
        Assert.Equal((StepHistoryStore.RollbackEvent, "olivia"), (entry.Kind, entry.User));
    }
}
