using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Services;
using PassthroughWeb.Tests.Components;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class StepActionsTests : BunitContext
{
    private readonly DemoWorkstationPlans _demo = new();
    private readonly TemporaryHostRoot _backups = new();

    public StepActionsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _demo.Dispose();
            _backups.Dispose();
        }
        base.Dispose(disposing);
    }

    [Fact]
    public async Task Render_StepsTwoAndThreeApplied_ShowsTheRebootBannerForBothWithVerifyAndRollback()
    {
        var set = await ApplyBothStepsAsync();

        var actions = Render<StepActions>(p => p
            .Add(a => a.Name, "steps-2-3")
            .Add(a => a.ApplyLabel, "Apply steps 2 and 3")
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = true })
            .Add(a => a.RootIsCopy, true)
            .Add(a => a.MayChange, true));

        var banner = actions.Find("[data-testid=reboot-banner]").TextContent;
        Assert.Contains("Reboot needed.", banner, StringComparison.Ordinal);
        Assert.Contains("Steps 2 and 3 were applied together", banner, StringComparison.Ordinal);
        Assert.Contains(set.Id.ToString("D"), banner, StringComparison.Ordinal);
        Assert.NotNull(actions.Find("[data-testid=verify-steps-2-3]"));
        Assert.NotNull(actions.Find("[data-testid=rollback-steps-2-3]"));
        Assert.True(actions.Find("[data-testid=apply-steps-2-3]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_RebootPending_TheBannerSaysWhetherTheRebootWasRehearsed()
    {
        var set = await ApplyBothStepsAsync();
        string Banner(HistoryEntry? rehearsal) => Render<StepActions>(p => p
            .Add(a => a.Name, "steps-2-3")
            .Add(a => a.ApplyLabel, "Apply steps 2 and 3")
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = true })
            .Add(a => a.LatestRehearsal, rehearsal)).Find("[data-testid=reboot-banner]").TextContent;
        HistoryEntry Rehearsal(bool? passed) => new()
        {
            Id = 1, Kind = PassthroughWeb.Services.Operations.RehearseOperation.RehearsalEvent, At = new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), User = "root", Passed = passed, Summary = "Rehearsal …",
        };

        Assert.Contains("The reboot was not rehearsed", Banner(null), StringComparison.Ordinal);
        Assert.Contains("A rehearsal passed 2026-11-25 14:00", Banner(Rehearsal(true)), StringComparison.Ordinal);
        Assert.Contains("The last rehearsal FAILED", Banner(Rehearsal(false)), StringComparison.Ordinal);
        Assert.Contains("could not run here", Banner(Rehearsal(null)), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoPlanYet_RehearsingIsNotOffered()
    {
        var actions = Render<StepActions>(p => p.Add(a => a.Name, "steps-2-3").Add(a => a.ApplyLabel, "Apply steps 2 and 3").Add(a => a.MayChange, true));

        Assert.True(actions.Find("[data-testid=rehearse-steps-2-3]").HasAttribute("disabled"));
    }

    private StepHost DemoHost => new() { Name = SampleWorkstation.HostName, Root = _demo.Host.Path, IsDemo = true };

    [Fact]
    public async Task Render_AViewer_NoApplyRehearseVerifyOrRollbackToClick()
    {
        var set = await ApplyBothStepsAsync();
        var plan = _demo.Plan(SampleWorkstation.GuestGpu);
        var preview = new StepPlanPreview
        {
            Host = DemoHost, Steps = [Core.Steps.HostStep.Host, Core.Steps.HostStep.Isolate], Gpu = SampleWorkstation.GuestGpu,
            Outcome = Core.Steps.HostChangeOutcome.Planned, Summary = plan.Plan!.Summary, Result = plan,
        };

        var actions = Render<StepActions>(p => p
            .Add(a => a.Name, "steps-2-3")
            .Add(a => a.ApplyLabel, "Apply steps 2 and 3")
            .Add(a => a.Preview, preview)
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = true }));

        Assert.Contains("need the Operator role", actions.Find("[data-testid=viewer-note-steps-2-3]").TextContent, StringComparison.Ordinal);
        foreach (var button in new[] { "apply", "rehearse", "verify", "rollback" })
            Assert.Empty(actions.FindAll($"[data-testid={button}-steps-2-3]"));
        Assert.Empty(actions.FindAll("button"));
    }

    [Fact]
    public async Task CircuitOfAViewer_CallingApplyDirectly_RefusedByTheService()
    {
        this.SignInAs(PassthroughWeb.Tests.Services.TestActors.Viewer);
        var actor = await Services.GetRequiredService<PassthroughWeb.Web.Access.CurrentActor>().GetAsync();
        using var data = new PassthroughWeb.Tests.Data.TemporaryDataDirectory();
        using var engine = await PassthroughWeb.Tests.Services.TestEngine.OpenAsync(data.Path);

        var result = await engine.Apply.ApplyAsync(DemoHost, SampleWorkstation.GuestGpu, [Core.Steps.HostStep.Host], StepPlanOptions.Default, actor, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(("victor", Core.Access.Role.Viewer), (actor.Name, actor.Role));
        Assert.Equal(StepApplyOutcome.NotAllowed, result.Outcome);
        Assert.Empty((await engine.History.HistoryAsync(SampleWorkstation.HostName, Xunit.TestContext.Current.CancellationToken)).ChangeSets);
    }

    [Fact]
    public async Task Render_AppliedAndVerifiedAfterReboot_ShowsTheChecksInsteadOfTheBanner()
    {
        var set = await ApplyBothStepsAsync();
        var verification = new Core.Steps.StepVerification
        {
            Checks = [new Core.Steps.StepCheck { Step = Core.Steps.HostStep.Host, Subject = "proc/cmdline", Passed = true, Message = "intel_iommu=on iommu=pt are on the running command line." }],
        };

        var actions = Render<StepActions>(p => p
            .Add(a => a.Name, "step-2")
            .Add(a => a.ApplyLabel, "Apply step 2")
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = false, Verification = verification }));

        Assert.Empty(actions.FindAll("[data-testid=reboot-banner]"));
        Assert.Equal("true", actions.Find("[data-testid=verification]").GetAttribute("data-passed"));
        Assert.Contains("proc/cmdline", actions.Find("[data-testid=verification-check]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FailedApply_ShowsTheErrorAndTheFailedCommandOutput()
    {
        var plan = _demo.Plan(SampleWorkstation.GuestGpu).Plan!;
        // A command that really fails, run because the policy says to run commands on this copy of a host.
        var failing = plan with { Commands = [new CommandStep(new CommandRequest("sh", ["-c", "echo no space left >&2; exit 3"]), "A regeneration that fails.")] };
        var applier = new ChangeApplier(_demo.Host.Root, new ProcessCommandRunner(), new InMemoryChangeJournal(), TimeProvider.System, _backups.Path, CommandPolicy.Always);
        var applied = await applier.ApplyAsync(failing, SampleWorkstation.HostName, "tester", Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(ApplyOutcome.Failed, applied.Outcome);
        var result = new StepApplyResult
        {
            Outcome = StepApplyOutcome.Failed,
            ChangeSetId = applied.ChangeSetId,
            Commands = applied.Commands,
            Error = applied.Error,
            Message = applied.Error!.Message,
            Preview = new StepPlanPreview
            {
                Host = new StepHost { Name = SampleWorkstation.HostName, Root = _demo.Host.Path, IsDemo = true },
                Steps = [Core.Steps.HostStep.Host, Core.Steps.HostStep.Isolate],
                Gpu = SampleWorkstation.GuestGpu,
                Outcome = Core.Steps.HostChangeOutcome.Planned,
                Summary = plan.Summary,
            },
        };

        var actions = Render<StepActions>(p => p.Add(a => a.Name, "steps-2-3").Add(a => a.ApplyLabel, "Apply steps 2 and 3").Add(a => a.LastApply, result));

        Assert.Equal("Failed", actions.Find("[data-testid=apply-result]").GetAttribute("data-outcome"));
        Assert.Contains("every file is back as it was", actions.Find("[data-testid=apply-result]").TextContent, StringComparison.Ordinal);
        var run = actions.Find("[data-testid=command-run]");
        Assert.Equal("Failed", run.GetAttribute("data-status"));
        Assert.Contains("exit 3", run.QuerySelector("[data-testid=command-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("no space left", run.QuerySelector("[data-testid=command-output]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(actions.FindAll("[data-testid=reboot-banner]"));
    }

    [Fact]
    public void Render_KvmOnlyWhereKvmDoesNotWork_SaysSoOnceAndKeepsTheSelectorBesideRehearse()
    {
        var plan = _demo.Plan(SampleWorkstation.GuestGpu).Plan!;
        var preview = new StepPlanPreview
        {
            Host = new StepHost { Name = SampleWorkstation.HostName, Root = _demo.Host.Path, IsDemo = true },
            Steps = [Core.Steps.HostStep.Host, Core.Steps.HostStep.Isolate],
            Gpu = SampleWorkstation.GuestGpu,
            Outcome = Core.Steps.HostChangeOutcome.Planned,
            Summary = plan.Summary,
        };
        var acceleration = AcceleratorDecision.First(AcceleratorChoice.Kvm, new KvmProbeResult(false, "KVM cannot be used here: Could not access KVM kernel module: No such file or directory"));
        var rehearsal = new StepRehearsalResult
        {
            Preview = preview,
            Report = new RehearsalReport { Outcome = RehearsalOutcome.KvmUnavailable, Summary = acceleration.Note, Acceleration = acceleration },
        };

        var actions = Render<StepActions>(p => p.Add(a => a.MayChange, true).Add(a => a.Name, "steps-2-3").Add(a => a.ApplyLabel, "Apply steps 2 and 3")
            .Add(a => a.Preview, preview).Add(a => a.LastRehearsal, rehearsal).Add(a => a.Accelerator, AcceleratorChoice.Kvm));

        var result = actions.Find("[data-testid=rehearsal-result]");
        Assert.Equal("KvmUnavailable", result.GetAttribute("data-outcome"));
        Assert.Contains("KVM does not run the guest here.", result.TextContent, StringComparison.Ordinal);
        Assert.Contains("Could not access KVM kernel module", result.TextContent, StringComparison.Ordinal);
        Assert.Empty(actions.FindAll("[data-testid=rehearsal-accelerator]"));
        Assert.NotEmpty(actions.FindAll("[data-testid=accel-steps-2-3]"));
        Assert.Contains("KVM only", actions.Find(".rehearsal-accelerator").TextContent + actions.Find(".rehearsal-accelerator input").GetAttribute("value"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TheSetOfBothStepsOnTheStepTwoCard_NoSecondRebootBanner()
    {
        var set = await ApplyBothStepsAsync();

        var actions = Render<StepActions>(p => p
            .Add(a => a.MayChange, true).Add(a => a.Name, "step-2")
            .Add(a => a.ApplyLabel, "Apply step 2")
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = true })
            .Add(a => a.ShowRebootBanner, false));

        Assert.Empty(actions.FindAll("[data-testid=reboot-banner]"));
        Assert.NotNull(actions.Find("[data-testid=verify-step-2]"));
    }

    [Fact]
    public void Render_AHostWithNoKernelToBoot_NoRehearseButtonAndTheReasonInWords()
    {
        var actions = Render<StepActions>(p => p
            .Add(a => a.MayChange, true).Add(a => a.Name, "step-2")
            .Add(a => a.ApplyLabel, "Apply step 2")
            .Add(a => a.Preview, Preview(SampleWorkstation.GuestGpu, rehearsalUnavailable: "No rehearsal on this host: No kernel is installed under lib/modules: there is nothing to boot.")));

        Assert.Empty(actions.FindAll("[data-testid=rehearse-step-2]"));
        Assert.Contains("No rehearsal on this host", actions.Find("[data-testid=rehearse-impossible-step-2]").TextContent, StringComparison.Ordinal);
        Assert.False(actions.Find("[data-testid=apply-step-2]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_RebootPendingOnAHostWhereNoRehearsalCanRun_TheBannerDoesNotSuggestOne()
    {
        var set = await ApplyBothStepsAsync();

        var actions = Render<StepActions>(p => p
            .Add(a => a.MayChange, true).Add(a => a.Name, "steps-2-3")
            .Add(a => a.ApplyLabel, "Apply steps 2 and 3")
            .Add(a => a.Latest, new ChangeSetHistory { Set = set, RebootNeeded = true })
            .Add(a => a.RootIsCopy, true)
            .Add(a => a.Preview, Preview(SampleWorkstation.GuestGpu, rehearsalUnavailable: "No rehearsal on this host: Kernel 6.12.4-arch1-1 lacks /boot/vmlinuz-6.12.4-arch1-1.")));

        var banner = actions.Find("[data-testid=reboot-banner]").TextContent;
        Assert.DoesNotContain("Rehearse the reboot", banner, StringComparison.Ordinal);
        Assert.Contains(set.Id.ToString("D"), banner, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_APlanWithoutACard_NoRehearseButtonAndTheReasonInWords()
    {
        var actions = Render<StepActions>(p => p
            .Add(a => a.MayChange, true).Add(a => a.Name, "step-2")
            .Add(a => a.ApplyLabel, "Apply step 2")
            .Add(a => a.Preview, Preview(null, rehearsalUnavailable: null)));

        Assert.Empty(actions.FindAll("[data-testid=rehearse-step-2]"));
        Assert.Contains("no graphics card", actions.Find("[data-testid=rehearse-impossible-step-2]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_APlanThatCanBeRehearsed_TheButtonAndNoReason()
    {
        var actions = Render<StepActions>(p => p
            .Add(a => a.MayChange, true).Add(a => a.Name, "step-2")
            .Add(a => a.ApplyLabel, "Apply step 2")
            .Add(a => a.Preview, Preview(SampleWorkstation.GuestGpu, rehearsalUnavailable: null)));

        Assert.False(actions.Find("[data-testid=rehearse-step-2]").HasAttribute("disabled"));
        Assert.Empty(actions.FindAll("[data-testid=rehearse-impossible-step-2]"));
    }

    private StepPlanPreview Preview(Core.Scanning.PciAddress? gpu, string? rehearsalUnavailable) => new()
    {
        Host = new StepHost { Name = SampleWorkstation.HostName, Root = _demo.Host.Path, IsDemo = true },
        Steps = [Core.Steps.HostStep.Host],
        Gpu = gpu,
        Outcome = Core.Steps.HostChangeOutcome.Planned,
        Summary = "Adds the IOMMU parameters to GRUB.",
        RehearsalUnavailable = rehearsalUnavailable,
    };

    /// <summary>Applies the demo's plan of steps 2 and 3 for the guest card with the real change engine (commands skipped on the copy).</summary>
    private async Task<ChangeSet> ApplyBothStepsAsync()
    {
        var plan = _demo.Plan(SampleWorkstation.GuestGpu).Plan!;
        var journal = new InMemoryChangeJournal();
        var applier = new ChangeApplier(_demo.Host.Root, new ProcessCommandRunner(), journal, TimeProvider.System, _backups.Path);
        var applied = await applier.ApplyAsync(plan, SampleWorkstation.HostName, "tester", Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        return (await journal.GetAsync(applied.ChangeSetId!.Value, Xunit.TestContext.Current.CancellationToken))!;
    }
}
