using CsCheck;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Core.Tests.TestSupport;
using O = PassthroughWeb.Core.Rollouts.RolloutHostOutcome;

namespace PassthroughWeb.Core.Tests.Rollouts;

/// <summary>
/// Random fleets, batch sizes and host outcomes driven through the rules as the hub's driver drives them: a batch is
/// applied only after every host before it is done, a stop leaves every later host untouched, and every applied change
/// set stays a rollback candidate until it is rolled back.
/// </summary>
public sealed class RolloutRulesPropertyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    /// <summary>0 verified, 1 nothing to do, 2 apply failed, 3 verification failed, 4 one "not rebooted yet" then verified.</summary>
    private static readonly Gen<(int Hosts, int BatchSize, int[] Fates)> Fleet =
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 5], Gen.Frequency((8, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)), (2, Gen.Const(4))).Array[12])
            .Select((n, b, fates) => (n, b, fates));

    [Fact]
    public void DrivenToTheEnd_BatchesRunInOrder_AndAStopLeavesLaterHostsUntouched() =>
        Fleet.SampleRepeatably(fleet =>
        {
            var names = Enumerable.Range(0, fleet.Hosts).Select(i => $"gpu-node-{i:000}").ToList();
            var (created, _) = RolloutRules.Create("ro_0123456789ab", ["host", "isolate"], "0000:03:00.0", [.. names.Select(n => (n, (string?)"pl_1", (string?)null))], fleet.BatchSize, "alice", At);
            var rollout = RolloutRules.Start(created!, "alice", At).Rollout!;
            var appliedBatches = new List<int>();
            string? failedAt = null;
            for (var round = 0; round < 100 && RolloutRules.Next(rollout) is not RolloutNext.Finished; round++)
            {
                switch (RolloutRules.Next(rollout))
                {
                    case RolloutNext.Apply apply:
                        // Every host of every earlier batch is done before a batch starts.
                        Assert.All(rollout.Hosts.Where(h => h.Batch < apply.Batch), h => Assert.True(h.IsDone));
                        Assert.True(apply.Batch == 0 ? apply.Hosts.Count == 1 : apply.Hosts.Count <= fleet.BatchSize);
                        appliedBatches.Add(apply.Batch);
                        foreach (var host in apply.Hosts)
                        {
                            rollout = RolloutRules.Record(rollout, host, new O.ApplyStarted(), At);
                            // The driver applies a batch's hosts one after the other and starts none after a failure.
                            if (rollout.State != RolloutState.Running)
                            {
                                Assert.Equal(RolloutHostState.Pending, rollout.Find(host)!.State);
                                break;
                            }
                            var fate = fleet.Fates[names.IndexOf(host)];
                            O outcome = fate switch { 1 => new O.NothingToDo(), 2 => new O.ApplyFailed { Message = "failed" }, _ => new O.Applied(Guid.NewGuid()) };
                            if (fate == 2) failedAt ??= host;
                            rollout = RolloutRules.Record(rollout, host, outcome, At);
                        }
                        break;
                    case RolloutNext.WaitForReboot wait:
                        foreach (var host in wait.Hosts)
                        {
                            var fate = fleet.Fates[names.IndexOf(host)];
                            if (fate == 4 && rollout.Find(host)!.Message is null)
                            {
                                rollout = RolloutRules.Record(rollout, host, new O.StillNeedsReboot { Message = "not rebooted yet" }, At);
                                continue;
                            }
                            if (fate == 3) failedAt ??= host;
                            rollout = RolloutRules.Record(rollout, host, fate == 3 ? new O.VerificationFailed { Message = "failed" } : new O.VerificationPassed(), At);
                        }
                        break;
                }
            }
            Assert.Equal([.. appliedBatches.Order()], appliedBatches);
            Assert.Equal(appliedBatches.Count, appliedBatches.Distinct().Count());
            if (failedAt is null)
            {
                Assert.Equal(RolloutState.Completed, rollout.State);
                Assert.All(rollout.Hosts, h => Assert.True(h.IsDone));
                return;
            }
            Assert.Equal(RolloutState.Stopped, rollout.State);
            var failedBatch = rollout.Find(failedAt)!.Batch;
            Assert.All(rollout.Hosts.Where(h => h.Batch > failedBatch), h => Assert.Equal(RolloutHostState.Pending, h.State));
            Assert.All(rollout.Hosts.Where(h => h.State == RolloutHostState.Pending), h => Assert.Null(h.ChangeSetId));
            Assert.All(rollout.Hosts.Where(h => h.State is RolloutHostState.RebootNeeded or RolloutHostState.Verified or RolloutHostState.VerificationFailed),
                h => Assert.Contains(h, rollout.RollbackCandidates));
            foreach (var candidate in rollout.RollbackCandidates) rollout = RolloutRules.Record(rollout, candidate.Name, new O.RolledBack(), At);
            Assert.Equal(rollout.Hosts.Any(h => h.State == RolloutHostState.RolledBack) ? RolloutState.RolledBack : RolloutState.Stopped, rollout.State);
        }, iter: 400);
}
