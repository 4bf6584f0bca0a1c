using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Core.Tests.Checklist;

/// <summary>The one place a step's state is decided: a table of facts and the state each gives, then next step and waits.</summary>
public sealed class ChecklistProgressTests
{
    public static TheoryData<string, StepFacts, ChecklistState> States => new()
    {
        { "nothing known", new StepFacts(), ChecklistState.NotStarted },
        { "a card to choose", new StepFacts { Plan = StepPlanFact.NeedsChoice }, ChecklistState.NotStarted },
        { "a refused or manual plan", new StepFacts { Plan = StepPlanFact.Blocked }, ChecklistState.NeedsAction },
        { "a plan with changes", new StepFacts { Plan = StepPlanFact.Ready }, ChecklistState.ReadyToApply },
        { "already in place", new StepFacts { Plan = StepPlanFact.NothingToDo }, ChecklistState.Done },
        { "being applied", new StepFacts { Plan = StepPlanFact.Ready, Change = StepChangeFact.Running }, ChecklistState.Applying },
        { "applied in this boot", new StepFacts { Change = StepChangeFact.Applied, RebootPending = true, Verification = StepVerificationFact.Pending }, ChecklistState.RebootNeeded },
        { "rebooted, not verified", new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Pending }, ChecklistState.NeedsAction },
        { "verified", new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Passed }, ChecklistState.Verified },
        { "verification failed", new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Failed }, ChecklistState.Failed },
        { "the change set failed", new StepFacts { Plan = StepPlanFact.Ready, Change = StepChangeFact.Failed }, ChecklistState.Failed },
        { "a VM defined (nothing to verify)", new StepFacts { Plan = StepPlanFact.Ready, Change = StepChangeFact.Applied }, ChecklistState.Done },
        { "marked done", new StepFacts { Plan = StepPlanFact.NeedsChoice, MarkedDone = true }, ChecklistState.Done },
        { "running wins over a failed verification", new StepFacts { Change = StepChangeFact.Running, Verification = StepVerificationFact.Failed }, ChecklistState.Applying },
        { "verified, then the card moved", new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Passed, Drift = "the card moved" }, ChecklistState.Recheck },
        { "a VM defined, then its card moved", new StepFacts { Change = StepChangeFact.Applied, Drift = "the card moved" }, ChecklistState.Recheck },
        { "drift of a set no longer applied", new StepFacts { Change = StepChangeFact.Failed, Drift = "the card moved" }, ChecklistState.Failed },
        { "running wins over drift", new StepFacts { Change = StepChangeFact.Running, Drift = "the card moved" }, ChecklistState.Applying },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void StateOf_Facts_GivesTheState(string because, StepFacts facts, ChecklistState expected)
    {
        Assert.True(expected == ChecklistProgress.StateOf(facts), because);
    }

    [Fact]
    public void Of_FirstTwoDone_NextIsThreeAndFourWaitsForIt()
    {
        var progress = ChecklistProgress.Of([Done, Done, new() { Plan = StepPlanFact.Ready, AppliesWithPrevious = true }, new() { Plan = StepPlanFact.NeedsChoice }, new()]);

        Assert.Equal(3, progress.Next);
        Assert.Equal([false, false, true, false, false], progress.Steps.Select(s => s.IsNext));
        Assert.Null(progress.Steps[2].WaitsFor);
        Assert.Equal("Step 4 waits for step 3.", progress.Steps[3].WaitsFor);
        Assert.Equal(2, progress.CompleteCount);
    }

    [Fact]
    public void Of_StepTwoAppliedInThisBoot_StepThreeNeedsItsReboot()
    {
        var progress = ChecklistProgress.Of([Done, new() { Change = StepChangeFact.Applied, RebootPending = true, Verification = StepVerificationFact.Pending },
            new() { Plan = StepPlanFact.Ready, AppliesWithPrevious = true }, new(), new()]);

        Assert.Equal(2, progress.Next);
        Assert.Equal(ChecklistState.RebootNeeded, progress.Steps[1].State);
        Assert.Equal("Step 3 needs step 2's reboot first.", progress.Steps[2].WaitsFor);
    }

    [Fact]
    public void Of_StepThreeCarriesStepTwo_DoesNotWaitForItsApply()
    {
        var progress = ChecklistProgress.Of([Done, new() { Plan = StepPlanFact.Ready }, new() { Plan = StepPlanFact.Ready, AppliesWithPrevious = true }, new(), new()]);

        Assert.Null(progress.Steps[2].WaitsFor);
        Assert.Equal(2, progress.Next);
    }

    [Fact]
    public void Of_StepTwoManual_StepThreeWaitsEvenThoughItCarriesIt()
    {
        var progress = ChecklistProgress.Of([Done, new() { Plan = StepPlanFact.Blocked }, new() { Plan = StepPlanFact.Ready, AppliesWithPrevious = true }, new(), new()]);

        Assert.Equal("Step 3 waits for step 2.", progress.Steps[2].WaitsFor);
    }

    [Fact]
    public void Of_PreviousFailedOrApplying_SaysSo()
    {
        var failed = ChecklistProgress.Of([Done, Done, new() { Change = StepChangeFact.Failed }, new() { Plan = StepPlanFact.Ready }, new()]);
        var applying = ChecklistProgress.Of([Done, Done, Done, new() { Change = StepChangeFact.Running }, new() { Plan = StepPlanFact.NeedsChoice }]);

        Assert.Equal("Step 4 waits for step 3, which failed.", failed.Steps[3].WaitsFor);
        Assert.Equal("Step 5 waits for step 4, which is being applied.", applying.Steps[4].WaitsFor);
    }

    [Fact]
    public void Of_EveryStepCompleteOrVerified_HasNoNextStep()
    {
        var progress = ChecklistProgress.Of([Done, Verified, Verified, Done, new() { MarkedDone = true }]);

        Assert.Null(progress.Next);
        Assert.All(progress.Steps, s => Assert.Null(s.WaitsFor));
        Assert.Equal(5, progress.CompleteCount);
    }

    [Fact]
    public void Of_AppliedStepAfterAnUnfinishedOne_DoesNotWait()
    {
        // A VM defined before the reboot of steps 2 and 3: it has moved on, only the earlier step is next.
        var progress = ChecklistProgress.Of([Done, Done, new() { Change = StepChangeFact.Applied, RebootPending = true, Verification = StepVerificationFact.Pending },
            new() { Change = StepChangeFact.Applied }, new() { Plan = StepPlanFact.NeedsChoice, Detail = "start the VM" }]);

        Assert.Equal(3, progress.Next);
        Assert.Null(progress.Steps[3].WaitsFor);
        Assert.Null(progress.Steps[4].WaitsFor);
        Assert.Equal("start the VM", progress.Steps[4].Detail);
    }

    private static StepFacts Done => new() { Plan = StepPlanFact.NothingToDo };

    private static StepFacts Verified => new() { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Passed };
}
