using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Tests.Components.Steps;

/// <summary>The stepper and the step headers render each state the same way: words, colour, icon, next step and waits.</summary>
public sealed class ChecklistStepperTests : BunitContext
{
    public ChecklistStepperTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Facts that give each state to step 3, with steps 1 and 2 done.</summary>
    public static TheoryData<ChecklistState, StepFacts, string, string> StepThree => new()
    {
        { ChecklistState.NotStarted, new StepFacts(), "not started", "" },
        { ChecklistState.NeedsAction, new StepFacts { Plan = StepPlanFact.Blocked }, "needs action", "mud-warning-text" },
        { ChecklistState.ReadyToApply, new StepFacts { Plan = StepPlanFact.Ready }, "ready to apply", "mud-primary-text" },
        { ChecklistState.Applying, new StepFacts { Change = StepChangeFact.Running }, "applying", "mud-info-text" },
        { ChecklistState.RebootNeeded, new StepFacts { Change = StepChangeFact.Applied, RebootPending = true, Verification = StepVerificationFact.Pending }, "reboot needed", "mud-warning-text" },
        { ChecklistState.Verified, new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Passed }, "verified", "mud-success-text" },
        { ChecklistState.Recheck, new StepFacts { Change = StepChangeFact.Applied, Verification = StepVerificationFact.Passed, Drift = "the card moved" }, "re-check", "mud-warning-text" },
        { ChecklistState.Failed, new StepFacts { Change = StepChangeFact.Failed }, "failed", "mud-error-text" },
        { ChecklistState.Done, new StepFacts { Plan = StepPlanFact.NothingToDo }, "done", "mud-success-text" },
    };

    [Theory]
    [MemberData(nameof(StepThree))]
    public void Render_StepThreeInEachState_ShowsItsWordsColourAndIcon(ChecklistState state, StepFacts facts, string words, string colourClass)
    {
        var stepper = Render<ChecklistStepper>(p => p.Add(s => s.Progress, ProgressWithStepThree(facts)));

        var item = stepper.Find("[data-testid=stepper-step][data-step='3']");
        Assert.Equal(state.ToString(), item.GetAttribute("data-state"));
        Assert.Equal(words, item.QuerySelector("[data-testid=stepper-state]")!.TextContent.Trim());
        // Grey (MudBlazor's default colour) adds no colour class; every other state has its own.
        if (colourClass.Length > 0) Assert.Contains(colourClass, item.QuerySelector(".stepper-icon")!.ClassName, StringComparison.Ordinal);
        Assert.Contains(ChecklistStateStyle.CssClass(state), item.ClassName, StringComparison.Ordinal);
        // The button says it all to a screen reader.
        Assert.Contains($"Step 3, Isolate the GPU with vfio-pci: {words}", item.QuerySelector("button")!.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StepTwoRebootPending_MarksItNextAndSaysStepThreeWaitsForTheReboot()
    {
        var progress = ChecklistProgress.Of([Done, new() { Change = StepChangeFact.Applied, RebootPending = true, Verification = StepVerificationFact.Pending },
            new() { Plan = StepPlanFact.Ready, AppliesWithPrevious = true }, new(), new()]);

        var stepper = Render<ChecklistStepper>(p => p.Add(s => s.Progress, progress));

        Assert.Equal("2", stepper.Find("[data-testid=stepper]").GetAttribute("data-next"));
        Assert.Equal("step", stepper.Find("[data-step='2'] button").GetAttribute("aria-current"));
        Assert.Null(stepper.Find("[data-step='3'] button").GetAttribute("aria-current"));
        var summary = stepper.Find("[data-testid=stepper-summary]").TextContent;
        Assert.Contains("Next: step 2, Turn on the IOMMU.", summary, StringComparison.Ordinal);
        Assert.Contains("Reboot the host, then press Verify.", summary, StringComparison.Ordinal);
        Assert.Equal("Step 3 needs step 2's reboot first.", stepper.Find("[data-testid=stepper-waits]").TextContent.Trim());
    }

    [Fact]
    public void Render_EveryStepComplete_SaysAllFiveAreDone()
    {
        var stepper = Render<ChecklistStepper>(p => p.Add(s => s.Progress, ChecklistProgress.Of([Done, Done, Done, Done, new() { MarkedDone = true }])));

        Assert.Equal("none", stepper.Find("[data-testid=stepper]").GetAttribute("data-next"));
        Assert.Contains("All five steps are done.", stepper.Find("[data-testid=stepper-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Click_AStep_AsksThePageToOpenIt()
    {
        int? opened = null;
        var stepper = Render<ChecklistStepper>(p => p
            .Add(s => s.Progress, ProgressWithStepThree(new StepFacts()))
            .Add(s => s.OnOpen, (int step) => opened = step));

        stepper.Find("[data-step='4'] button").Click();

        Assert.Equal(4, opened);
    }

    [Fact]
    public void Header_InTheChecklist_ShowsTheStateTheWaitAndAToggleThatOpensTheCard()
    {
        var progress = ChecklistProgress.Of([Done, Done, new() { Plan = StepPlanFact.NeedsChoice }, new() { Plan = StepPlanFact.NeedsChoice }, new()]);
        int? toggled = null;
        var view = new ChecklistView { Progress = progress, Expanded = new HashSet<int> { 3 }, Toggle = n => toggled = n, Report = (_, _) => { } };

        var header = Render<CascadingValue<ChecklistView>>(p => p
            .Add(c => c.Value, view)
            .AddChildContent<StepHeader>(h => h.Add(s => s.Step, ChecklistStep.All[3]).Add(s => s.Status, "choose a card")));

        Assert.Equal("not started", header.Find("[data-testid=step-state]").TextContent.Trim());
        Assert.Equal("choose a card", header.Find("[data-testid=step-status]").TextContent.Trim());
        Assert.Equal("Step 4 waits for step 3.", header.Find("[data-testid=step-waits]").TextContent.Trim());
        Assert.Empty(header.FindAll("[data-testid=step-next]"));
        var toggle = header.Find("[data-testid=step-toggle]");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Equal("Open step 4, Configure the VM in libvirt", toggle.GetAttribute("aria-label"));
        toggle.Click();
        Assert.Equal(4, toggled);
    }

    [Fact]
    public void Body_ClosedCard_RendersNothingAndAnOpenOneItsContent()
    {
        var progress = ChecklistProgress.Of([Done, Done, new(), new(), new()]);
        var view = new ChecklistView { Progress = progress, Expanded = new HashSet<int> { 3 }, Toggle = _ => { }, Report = (_, _) => { } };

        RenderFragment Body(int number) => b =>
        {
            b.OpenComponent<StepBody>(0);
            b.AddAttribute(1, nameof(StepBody.Number), number);
            b.AddAttribute(2, nameof(StepBody.ChildContent), (RenderFragment)(c => c.AddMarkupContent(0, "<p class='findings'>findings</p>")));
            b.CloseComponent();
        };
        var open = Render<CascadingValue<ChecklistView>>(p => p.Add(c => c.Value, view).AddChildContent(Body(3)));
        var closed = Render<CascadingValue<ChecklistView>>(p => p.Add(c => c.Value, view).AddChildContent(Body(4)));

        Assert.Single(open.FindAll("#step-3-body .findings"));
        Assert.Empty(closed.FindAll(".findings"));
    }

    private static StepFacts Done => new() { Plan = StepPlanFact.NothingToDo };

    private static ChecklistProgress ProgressWithStepThree(StepFacts facts) => ChecklistProgress.Of([Done, Done, facts, new(), new()]);
}
