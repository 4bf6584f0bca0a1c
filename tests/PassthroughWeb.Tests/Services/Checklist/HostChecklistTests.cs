using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Tests.Components.Steps;

namespace PassthroughWeb.Tests.Services.Checklist;

/// <summary>What the guide's workstation's scan and history say of the five steps, and how the cards' plans add to it.</summary>
public sealed class HostChecklistTests : IDisposable
{
    private readonly DemoWorkstationPlans _demo = new();

    public void Dispose() => _demo.Dispose();

    [Fact]
    public void FactsOf_ScanOnly_ScanAndIommuDoneTheRestNotStarted()
    {
        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(_demo.Scan, history: null));

        Assert.Equal([ChecklistState.Done, ChecklistState.Done, ChecklistState.NotStarted, ChecklistState.NotStarted, ChecklistState.NotStarted], progress.Steps.Select(s => s.State));
        Assert.Equal("2 of 2 cards ready", progress.Steps[0].Detail);
        Assert.Equal(3, progress.Next);
    }

    [Fact]
    public void FactsOf_StepsTwoAndThreeAppliedInThisBoot_BothNeedTheReboot()
    {
        var history = History(Set(ChangeSetState.Applied, HostSteps.HostName, HostSteps.IsolateName) with { RebootNeeded = true });

        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(_demo.Scan, history));

        Assert.Equal(ChecklistState.RebootNeeded, progress.Steps[1].State);
        Assert.Equal(ChecklistState.RebootNeeded, progress.Steps[2].State);
        Assert.Equal(2, progress.Next);
    }

    [Fact]
    public void FactsOf_NewestSetFailedOrVerified_SaysSo()
    {
        var verified = Set(ChangeSetState.Applied, HostSteps.HostName) with { Verification = Verification(passed: true), VerifiedAt = DateTimeOffset.UnixEpoch };
        var failed = Set(ChangeSetState.Failed, HostSteps.IsolateName);

        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(_demo.Scan, History(failed, verified)));

        Assert.Equal(ChecklistState.Verified, progress.Steps[1].State);
        Assert.Equal(ChecklistState.Failed, progress.Steps[2].State);
    }

    [Fact]
    public void FactsOf_RolledBack_CountsAsNotApplied()
    {
        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(_demo.Scan, History(Set(ChangeSetState.RolledBack, HostSteps.IsolateName))));

        Assert.Equal(ChecklistState.NotStarted, progress.Steps[2].State);
    }

    [Fact]
    public void FactsOf_SetInProgress_IsApplying()
    {
        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(_demo.Scan, History(Set(ChangeSetState.InProgress, HostSteps.HostName, HostSteps.IsolateName))));

        Assert.Equal(ChecklistState.Applying, progress.Steps[1].State);
        Assert.Equal(ChecklistState.Applying, progress.Steps[2].State);
    }

    [Fact]
    public void WithCards_CardPlans_AddToTheScanButTheHistoryStands()
    {
        var history = History(Set(ChangeSetState.Applied, HostSteps.HostName) with { RebootNeeded = true });
        var cards = new Dictionary<int, StepFacts>
        {
            [2] = new() { Plan = StepPlanFact.NothingToDo, Detail = "reboot needed" },
            [3] = new() { Plan = StepPlanFact.Ready, Detail = "not applied" },
            [4] = new() { Plan = StepPlanFact.NeedsChoice, Detail = "choose a VM" },
        };

        var progress = ChecklistProgress.Of(HostChecklist.WithCards(HostChecklist.FactsOf(_demo.Scan, history), cards));

        Assert.Equal(ChecklistState.RebootNeeded, progress.Steps[1].State);
        Assert.Equal(ChecklistState.ReadyToApply, progress.Steps[2].State);
        Assert.Equal("Step 3 needs step 2's reboot first.", progress.Steps[2].WaitsFor);
        Assert.Equal(ChecklistState.NotStarted, progress.Steps[3].State);
        Assert.Equal("choose a VM", progress.Steps[3].Detail);
    }

    [Fact]
    public void WithCards_ItsOwnApplyRunning_IsApplyingBeforeTheHistoryKnows()
    {
        var cards = new Dictionary<int, StepFacts> { [4] = new() { Plan = StepPlanFact.Ready, Change = StepChangeFact.Running } };

        var progress = ChecklistProgress.Of(HostChecklist.WithCards(HostChecklist.FactsOf(_demo.Scan, null), cards));

        Assert.Equal(ChecklistState.Applying, progress.Steps[3].State);
    }

    private static StepHistory History(params ChangeSetHistory[] newestFirst) => new() { ChangeSets = newestFirst, Events = [] };

    private static StepVerification Verification(bool passed) => new()
    {
        Checks = [new StepCheck { Step = HostStep.Host, Subject = "/proc/cmdline", Passed = passed, Message = passed ? "intel_iommu=on is on the running command line" : "intel_iommu=on is missing" }],
    };

    private static ChangeSetHistory Set(ChangeSetState state, params string[] steps) => new()
    {
        Set = new ChangeSet
        {
            Id = Guid.NewGuid(),
            Host = "sample-workstation",
            User = "alice",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Plan = new ChangePlan { Steps = steps, Summary = "steps " + string.Join(',', steps), Files = [], Commands = [], NeedsReboot = true },
            RootPath = "/",
            Files = [],
            State = state,
        },
        RebootNeeded = false,
    };
}
