using System.Diagnostics;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Locking;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// One change set per host at a time, whichever operation asks: while the host's change lock is held (by another
/// change in this process, or by another process on the same data directory), apply, rollback and rehearsal answer
/// Busy, name the holder, and change nothing; once it is released they work.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostLockedOperationsTests : IDisposable
{
    private static readonly IReadOnlyList<HostStep> Steps2And3 = [HostStep.Host, HostStep.Isolate];
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly List<Process> _children = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            child.WaitForExit();
            child.Dispose();
        }
        _host.Dispose();
        _data.Dispose();
    }

    private StepHost Host => new() { Name = "workstation", Root = _host.Path };

    private Task<StepApplyResult> ApplyAsync(TestEngine engine) =>
        engine.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, Steps2And3, StepPlanOptions.Default, TestActors.Operator, Ct);

    private static async Task<HostChangeLease> HoldAsync(TestEngine engine, ChangeActivity activity)
    {
        var attempt = await engine.Get<HostChangeLock>().TryAcquireAsync("workstation", activity, Ct);
        Assert.True(attempt.Acquired);
        return attempt.Lease;
    }

    [Fact]
    public async Task Apply_WhileAliceApplies_IsBusyNamesHerAndWritesNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var before = _host.Snapshot();
        StepApplyResult busy;
        await using (await HoldAsync(engine, ChangeActivity.Apply("alice", ["host"])))
            busy = await ApplyAsync(engine);

        Assert.Equal(StepApplyOutcome.Busy, busy.Outcome);
        Assert.Null(busy.ChangeSetId);
        Assert.StartsWith("Nothing was changed: workstation is busy: alice is applying steps host since ", busy.Message, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Empty((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets);

        Assert.Equal(StepApplyOutcome.Applied, (await ApplyAsync(engine)).Outcome);
    }

    [Fact]
    public async Task Rollback_WhileBobRehearses_IsBusyNamesHimAndTheSetStaysApplied()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var applied = await ApplyAsync(engine);
        var afterApply = _host.Snapshot();
        RollbackResult busy;
        await using (await HoldAsync(engine, ChangeActivity.Rehearsal("bob", ["host", "isolate"])))
            busy = (await engine.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Operator, force: false, Ct)).Value;

        Assert.Equal(RollbackOutcome.Busy, busy.Outcome);
        Assert.StartsWith("Nothing was rolled back: workstation is busy: bob is rehearsing steps host,isolate since ", busy.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(afterApply, _host.Snapshot());
        Assert.Equal(ChangeSetState.Applied, Assert.Single((await engine.History.HistoryAsync(Host.Name, Ct)).ChangeSets).Set.State);

        var rolledBack = (await engine.Rollback.RollbackAsync(applied.ChangeSetId.Value, TestActors.Operator, force: false, Ct)).Value;
        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
    }

    [Fact]
    public async Task Rehearse_WhileAChangeSetIsRolledBack_IsBusyNamesTheSetAndRecordsNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var changeSet = Guid.Parse("3f2a9c1e-5b7d-4e8f-9a01-c2d3e4f5a6b7");
        var lines = new List<string>();
        StepRehearsalResult busy;
        await using (await HoldAsync(engine, ChangeActivity.Rollback("alice", changeSet)))
            busy = await engine.Rehearse.RehearseAsync(Host, SampleWorkstation.GuestGpu, Steps2And3, StepPlanOptions.Default, TestActors.Operator, new Progress<string>(lines.Add), Ct);

        Assert.NotNull(busy.Busy);
        Assert.Equal("alice", busy.Busy.Holder?.User);
        Assert.StartsWith($"Not rehearsed: workstation is busy: alice is rolling back change set {changeSet} since ", busy.Report.Summary, StringComparison.Ordinal);
        Assert.Null(busy.EventId);
        Assert.Empty(lines);
        Assert.Empty((await engine.History.HistoryAsync(Host.Name, Ct)).Events);
    }

    [Fact]
    public async Task Apply_WhileAnotherProcessHoldsTheLock_IsBusyAndWorksOnceThatProcessEnds()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var lockPath = engine.Get<HostChangeLock>().LockPathOf("workstation");
        var holder = await HoldWithFlockAsync(lockPath);
        var before = _host.Snapshot();

        var busy = await ApplyAsync(engine);
        var rehearsal = await engine.Rehearse.RehearseAsync(Host, SampleWorkstation.GuestGpu, Steps2And3, StepPlanOptions.Default, TestActors.Operator, null, Ct);

        Assert.Equal(StepApplyOutcome.Busy, busy.Outcome);
        Assert.Equal($"Nothing was changed: workstation is busy: another process holds its change lock ({lockPath}); wait for it to finish.", busy.Message);
        Assert.NotNull(rehearsal.Busy);
        Assert.Equal(before, _host.Snapshot());

        holder.StandardInput.Close();
        await holder.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var applied = await ApplyAsync(engine);
        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);

        var second = await HoldWithFlockAsync(lockPath);
        var rollback = (await engine.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Operator, force: false, Ct)).Value;
        Assert.Equal(RollbackOutcome.Busy, rollback.Outcome);
        second.StandardInput.Close();
        await second.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(RollbackOutcome.RolledBack, (await engine.Rollback.RollbackAsync(applied.ChangeSetId.Value, TestActors.Operator, force: false, Ct)).Value.Outcome);
    }

    /// <summary><c>flock -n -o FILE cat</c>: another process holding the lock, until its stdin closes.</summary>
    private async Task<Process> HoldWithFlockAsync(string lockPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var start = new ProcessStartInfo("flock") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", "-o", lockPath, "cat" }) start.ArgumentList.Add(argument);
        var child = Process.Start(start)!;
        _children.Add(child);
        await child.StandardInput.WriteLineAsync("holding".AsMemory(), Ct);
        await child.StandardInput.FlushAsync(Ct);
        Assert.Equal("holding", await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
        return child;
    }
}
