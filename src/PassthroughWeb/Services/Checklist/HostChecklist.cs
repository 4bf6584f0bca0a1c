using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Services.Checklist;

/// <summary>
/// Gathers what is known of a host's five steps into <see cref="StepFacts"/>: the latest scan and the history on every
/// page, and the plans the step cards made on the host page. <see cref="ChecklistProgress"/> decides the states.
/// </summary>
public static class HostChecklist
{
    /// <summary>The facts that the scan and the history give, without planning anything (the hosts page).</summary>
    public static IReadOnlyList<StepFacts> FactsOf(ScanReport report, StepHistory? history)
    {
        ArgumentNullException.ThrowIfNull(report);
        var drift = history?.DriftIn(report) ?? Core.Drift.HostDrift.None;
        return
        [
            ScanFacts(report),
            FromHistory(history, HostSteps.HostName) ?? (report.Iommu.Enabled ? new StepFacts { Plan = StepPlanFact.NothingToDo, Detail = "IOMMU on in the latest scan" } : new StepFacts()),
            WithDrift((FromHistory(history, HostSteps.IsolateName) ?? IsolationFromScan(report)) with { AppliesWithPrevious = true }, drift, HostSteps.IsolateName),
            WithDrift(FromHistory(history, VmPlanner.StepName) ?? new StepFacts(), drift, VmPlanner.StepName),
            history?.Events.FirstOrDefault(e => e.Kind == Vm.VmSteps.GuestDoneEvent) is { } done
                ? new StepFacts { MarkedDone = true, Detail = done.Summary }
                : new StepFacts(),
        ];
    }

    /// <summary>
    /// Adds what a step card knows to the scan's and history's facts: its plan and its words, and its own apply while it
    /// runs. The history's word on applied, failed and verified change sets stands.
    /// </summary>
    public static IReadOnlyList<StepFacts> WithCards(IReadOnlyList<StepFacts> facts, IReadOnlyDictionary<int, StepFacts> cards)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(cards);
        return [.. facts.Select((known, i) => cards.TryGetValue(i + 1, out var card) ? Merge(known, card) : known)];
    }

    /// <summary>Marks a step for re-checking when the newest scan contradicts the devices its applied set stands on.</summary>
    private static StepFacts WithDrift(StepFacts facts, Core.Drift.HostDrift drift, string step)
    {
        if (!drift.Affects(step)) return facts;
        var count = drift.Differences.Count(d => d.Expected.Step == step);
        var words = $"{count} planned {(count == 1 ? "device differs" : "devices differ")} in the newest scan";
        return facts with { Drift = words, Detail = words };
    }

    private static StepFacts Merge(StepFacts known, StepFacts card) => known with
    {
        Plan = card.Plan == StepPlanFact.Unknown ? known.Plan : card.Plan,
        Change = card.Change == StepChangeFact.Running ? StepChangeFact.Running : known.Change,
        MarkedDone = known.MarkedDone || card.MarkedDone,
        // A card's plan words do not hide that the hardware changed under the applied step.
        Detail = known.Drift ?? card.Detail ?? known.Detail,
    };

    private static StepFacts ScanFacts(ScanReport report)
    {
        if (report.Gpus.Count == 0) return new StepFacts { Plan = StepPlanFact.Blocked, Detail = "no graphics card found" };
        if (report.Gpus.All(g => g.Verdict == GpuVerdict.Blocked)) return new StepFacts { Plan = StepPlanFact.Blocked, Detail = "no card can be passed as it is" };
        var ready = report.Gpus.Count(g => g.Verdict == GpuVerdict.Ready);
        return new StepFacts { Plan = StepPlanFact.NothingToDo, Detail = $"{ready} of {report.Gpus.Count} {(report.Gpus.Count == 1 ? "card" : "cards")} ready" };
    }

    private static StepFacts IsolationFromScan(ScanReport report) =>
        report.Gpus.Any(g => report.FindDevice(g.Address)?.Driver == "vfio-pci")
            ? new StepFacts { Plan = StepPlanFact.NothingToDo, Detail = "a card is on vfio-pci" }
            : new StepFacts();

    /// <summary>The newest change set that covers <paramref name="step"/>; null when there is none or it was rolled back.</summary>
    private static StepFacts? FromHistory(StepHistory? history, string step)
    {
        if (history?.ChangeSets.FirstOrDefault(c => c.Set.Steps.Contains(step)) is not { } latest) return null;
        return latest.Set.State switch
        {
            ChangeSetState.InProgress or ChangeSetState.RollingBack => new StepFacts { Change = StepChangeFact.Running, Detail = "being changed" },
            ChangeSetState.Failed or ChangeSetState.Interrupted => new StepFacts { Change = StepChangeFact.Failed, Detail = "the change set failed" },
            ChangeSetState.Applied => new StepFacts
            {
                Change = StepChangeFact.Applied,
                RebootPending = latest.RebootNeeded,
                Verification = latest.Verification switch
                {
                    { Passed: true } => StepVerificationFact.Passed,
                    { } => StepVerificationFact.Failed,
                    null => latest.Set.Plan.NeedsReboot ? StepVerificationFact.Pending : StepVerificationFact.NotNeeded,
                },
                Detail = latest.Verification is { Passed: false } ? "verification failed" : latest.RebootNeeded ? "reboot needed" : null,
            },
            _ => null,
        };
    }
}
