using PassthroughWeb.Core.Rollouts;
using O = PassthroughWeb.Core.Rollouts.RolloutHostOutcome;

namespace PassthroughWeb.Core.Tests.Rollouts;

/// <summary>A staged rollout over five of a lab's GPU nodes: the canary first, then batches of two, stopping at the first failure.</summary>
public sealed class RolloutRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
    private static readonly string[] Nodes = ["gpu-node-017", "gpu-node-018", "gpu-node-019", "gpu-node-020", "gpu-node-021"];

    internal static Rollout Planned(int batchSize = 2, params string[] hosts)
    {
        var names = hosts.Length == 0 ? Nodes : hosts;
        var (rollout, problem) = RolloutRules.Create("ro_0123456789ab", ["host", "isolate"], "0000:03:00.0",
            [.. names.Select((n, i) => (n, (string?)$"pl_{i:x24}", (string?)null))], batchSize, "alice", At);
        Assert.Null(problem);
        return rollout!;
    }

    internal static Rollout Started(int batchSize = 2)
    {
        var (rollout, problem) = RolloutRules.Start(Planned(batchSize), "alice", At);
        Assert.Null(problem);
        return rollout!;
    }

    private static Rollout ApplyAndVerify(Rollout rollout, string host) =>
        RolloutRules.Record(RolloutRules.Record(RolloutRules.Record(rollout, host, new O.ApplyStarted(), At), host, new O.Applied(Guid.NewGuid()), At), host, new O.VerificationPassed(), At);

    [Fact]
    public void Batches_TheCanaryAlone_ThenBatchesOfTheChosenSize() =>
        Assert.Equal([0, 1, 1, 2, 2, 3], RolloutRules.Batches(6, 2));

    [Fact]
    public void Create_RefusesNoHosts_ABatchSizeBelowOne_AndAHostNamedTwice()
    {
        Assert.Contains("at least one host", RolloutRules.Create("ro_1", ["host"], null, [], 1, "alice", At).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("batch size must be at least 1", RolloutRules.Create("ro_1", ["host"], null, [("workstation", "pl_1", null)], 0, "alice", At).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("gpu-node-017 named more than once",
            RolloutRules.Create("ro_1", ["host"], null, [("gpu-node-017", "pl_1", null), ("gpu-node-017", "pl_2", null)], 1, "alice", At).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_IsRefusedWhenAHostsPlanWasRefused_AndASecondTime()
    {
        var (withRefusal, _) = RolloutRules.Create("ro_1", ["host", "isolate"], "0000:03:00.0", [("gpu-node-017", "pl_1", null), ("gpu-node-018", null, "refused: the card shares its IOMMU group")], 1, "alice", At);
        Assert.Contains("gpu-node-018 has no plan to apply", RolloutRules.Start(withRefusal!, "alice", At).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("was started already", RolloutRules.Start(Started(), "alice", At).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_IsTheCanaryAlone_ThenWaitsForItsReboot_ThenTheFirstBatch()
    {
        var rollout = Started();
        Assert.Equal(["gpu-node-017"], Assert.IsType<RolloutNext.Apply>(RolloutRules.Next(rollout)).Hosts);
        rollout = RolloutRules.Record(rollout, "gpu-node-017", new O.ApplyStarted(), At);
        Assert.IsType<RolloutNext.WaitForApply>(RolloutRules.Next(rollout));
        rollout = RolloutRules.Record(rollout, "gpu-node-017", new O.Applied(Guid.NewGuid()), At);
        Assert.Equal(["gpu-node-017"], Assert.IsType<RolloutNext.WaitForReboot>(RolloutRules.Next(rollout)).Hosts);
        rollout = RolloutRules.Record(rollout, "gpu-node-017", new O.StillNeedsReboot { Message = "not rebooted yet" }, At);
        Assert.IsType<RolloutNext.WaitForReboot>(RolloutRules.Next(rollout));
        rollout = RolloutRules.Record(rollout, "gpu-node-017", new O.VerificationPassed(), At);
        var batch = Assert.IsType<RolloutNext.Apply>(RolloutRules.Next(rollout));
        Assert.Equal(1, batch.Batch);
        Assert.Equal(["gpu-node-018", "gpu-node-019"], batch.Hosts);
    }

    [Fact]
    public void Next_WaitsForEveryHostOfABatch_BeforeTheNextBatch()
    {
        var rollout = ApplyAndVerify(Started(), "gpu-node-017");
        rollout = ApplyAndVerify(rollout, "gpu-node-018");
        rollout = RolloutRules.Record(RolloutRules.Record(rollout, "gpu-node-019", new O.ApplyStarted(), At), "gpu-node-019", new O.Applied(Guid.NewGuid()), At);
        Assert.Equal(["gpu-node-019"], Assert.IsType<RolloutNext.WaitForReboot>(RolloutRules.Next(rollout)).Hosts);
        rollout = RolloutRules.Record(rollout, "gpu-node-019", new O.VerificationPassed(), At);
        Assert.Equal(["gpu-node-020", "gpu-node-021"], Assert.IsType<RolloutNext.Apply>(RolloutRules.Next(rollout)).Hosts);
    }

    [Fact]
    public void AFailedVerificationOfTheSecondHost_StopsTheRollout_LeavesTheRestUntouched_AndOffersRollbackOfTheApplied()
    {
        var rollout = ApplyAndVerify(Started(batchSize: 1), "gpu-node-017");
        rollout = RolloutRules.Record(RolloutRules.Record(rollout, "gpu-node-018", new O.ApplyStarted(), At), "gpu-node-018", new O.Applied(Guid.NewGuid()), At);
        rollout = RolloutRules.Record(rollout, "gpu-node-018", new O.VerificationFailed { Message = "03:00.0 is bound to amdgpu, not vfio-pci." }, At);
        Assert.Equal(RolloutState.Stopped, rollout.State);
        Assert.Equal(new RolloutNext.Finished(RolloutState.Stopped), RolloutRules.Next(rollout));
        Assert.StartsWith("Stopped at gpu-node-018: 03:00.0 is bound to amdgpu", rollout.Message, StringComparison.Ordinal);
        Assert.Contains("gpu-node-019, gpu-node-020, gpu-node-021 were not touched", rollout.Message, StringComparison.Ordinal);
        Assert.All(rollout.Hosts.Skip(2), h => Assert.Equal(RolloutHostState.Pending, h.State));
        Assert.Equal(["gpu-node-017", "gpu-node-018"], rollout.RollbackCandidates.Select(h => h.Name));
    }

    [Fact]
    public void AFailedApply_StopsTheRollout_AndLeavesNothingToRollBackOnThatHost()
    {
        var rollout = RolloutRules.Record(RolloutRules.Record(Started(), "gpu-node-017", new O.ApplyStarted(), At), "gpu-node-017", new O.ApplyFailed { Message = "The plan is stale: /etc/default/grub changed." }, At);
        Assert.Equal(RolloutState.Stopped, rollout.State);
        Assert.Equal(RolloutHostState.ApplyFailed, rollout.Hosts[0].State);
        Assert.Empty(rollout.RollbackCandidates);
        Assert.Contains("has no change set on any host to roll back", RolloutRules.BeginRollback(rollout, "alice", At).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RollingBackEveryAppliedHost_EndsTheRolloutRolledBack()
    {
        var rollout = ApplyAndVerify(Started(batchSize: 1), "gpu-node-017");
        rollout = RolloutRules.Record(RolloutRules.Record(rollout, "gpu-node-018", new O.ApplyStarted(), At), "gpu-node-018", new O.Applied(Guid.NewGuid()), At);
        rollout = RolloutRules.Record(rollout, "gpu-node-018", new O.VerificationFailed { Message = "fails" }, At);
        var (begun, problem) = RolloutRules.BeginRollback(rollout, "alice", At);
        Assert.Null(problem);
        rollout = RolloutRules.Record(begun!, "gpu-node-018", new O.RolledBack(), At);
        Assert.Equal(RolloutState.Stopped, rollout.State);
        rollout = RolloutRules.Record(rollout, "gpu-node-017", new O.RolledBack(), At);
        Assert.Equal(RolloutState.RolledBack, rollout.State);
        Assert.Empty(rollout.RollbackCandidates);
    }

    [Fact]
    public void BeginRollback_OfARunningRollout_StopsIt_ButNotWhileAnApplyIsUnderWay()
    {
        var rollout = RolloutRules.Record(RolloutRules.Record(Started(), "gpu-node-017", new O.ApplyStarted(), At), "gpu-node-017", new O.Applied(Guid.NewGuid()), At);
        var (stopped, _) = RolloutRules.BeginRollback(rollout, "alice", At);
        Assert.Equal(RolloutState.Stopped, stopped!.State);
        Assert.Equal("Stopped by alice to roll back.", stopped.Message);
        var applying = RolloutRules.Record(Started(), "gpu-node-017", new O.ApplyStarted(), At);
        Assert.Contains("under way on gpu-node-017", RolloutRules.BeginRollback(applying, "alice", At).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("never started", RolloutRules.BeginRollback(Planned(), "alice", At).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryHostVerifiedOrUnchanged_CompletesTheRollout()
    {
        var rollout = Started(batchSize: 4);
        rollout = ApplyAndVerify(rollout, "gpu-node-017");
        foreach (var host in Nodes.Skip(1).Take(3)) rollout = ApplyAndVerify(rollout, host);
        rollout = RolloutRules.Record(RolloutRules.Record(rollout, "gpu-node-021", new O.ApplyStarted(), At), "gpu-node-021", new O.NothingToDo(), At);
        Assert.Equal(RolloutState.Completed, rollout.State);
        Assert.Equal("Every host verified after its reboot (5 in 2 batches, the canary first).", rollout.Message);
    }

    [Fact]
    public void ALateAnswerAfterAStop_ChangesNoState()
    {
        var rollout = RolloutRules.Record(RolloutRules.Record(Started(), "gpu-node-017", new O.ApplyStarted(), At), "gpu-node-017", new O.ApplyFailed { Message = "busy" }, At);
        var late = RolloutRules.Record(rollout, "gpu-node-018", new O.VerificationPassed(), At);
        Assert.Equal(RolloutHostState.Pending, late.Find("gpu-node-018")!.State);
        Assert.Equal(RolloutState.Stopped, late.State);
    }
}
