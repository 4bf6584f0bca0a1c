using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// An agent's answers read back into what the operations answer here (a preview, an apply's result …), so the host
/// page draws an agent's host with the same components as this app's own. What the documents leave out (the boot
/// loader's detection, the binding method's reasoning) stays out: the page shows the plan itself.
/// </summary>
public static class AgentAnswers
{
    /// <summary>
    /// The agent's rehearsal as the page draws one: outcome, summary, checks, console, accelerator and duration. The document keeps
    /// no image log nor the boot's set-up in the form the engine has them; the page shows what it holds. An answer
    /// without a document (refused, offline, no answer in time) is a rehearsal that did not run, with the reason.
    /// </summary>
    public static StepRehearsalResult Rehearse(StepPlanPreview preview, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.RehearsalDocument) is not { } document)
            return new StepRehearsalResult { Preview = preview, Report = new Core.Rehearsal.RehearsalReport { Outcome = Core.Rehearsal.RehearsalOutcome.Unavailable, Summary = answer.Message } };
        var outcome = Enum.GetValues<Core.Rehearsal.RehearsalOutcome>().FirstOrDefault(o => RehearsalDocumentMapper.OutcomeName(o) == document.Outcome, Core.Rehearsal.RehearsalOutcome.Unavailable);
        return new StepRehearsalResult
        {
            Preview = preview,
            Report = new Core.Rehearsal.RehearsalReport
            {
                Outcome = outcome,
                Summary = document.Summary,
                Checks = [.. document.Checks.Select(c => new Core.Rehearsal.RehearsalCheck { Name = c.Name, Passed = c.Passed, Skipped = c.Skipped, Message = c.Message })],
                ConsoleLog = document.ConsoleLog,
                Duration = TimeSpan.FromSeconds(document.DurationSeconds),
                Acceleration = Acceleration(document),
            },
        };
    }

    /// <summary>The accelerator asked for and the one the guest ran under, with why; null when the rehearsal booted nothing.</summary>
    private static Core.Rehearsal.RehearsalAcceleration? Acceleration(RehearsalDocument document) =>
        document.AcceleratorChoice is { } asked && Enum.GetValues<Core.Rehearsal.AcceleratorChoice>().Where(c => RehearsalDocumentMapper.ChoiceName(c) == asked).Select(c => (Core.Rehearsal.AcceleratorChoice?)c).FirstOrDefault() is { } choice
            ? new Core.Rehearsal.RehearsalAcceleration
            {
                Choice = choice,
                Accelerator = Enum.GetValues<Core.Rehearsal.QemuAccelerator>().Where(a => RehearsalDocumentMapper.AcceleratorName(a) == document.Accelerator).Select(a => (Core.Rehearsal.QemuAccelerator?)a).FirstOrDefault(),
                Note = document.AcceleratorNote ?? "",
                KvmFallback = document.KvmFallback,
            }
            : null;

    public static StepPlanPreview Plan(StepHost host, IReadOnlyList<HostStep> steps, PciAddress? gpu, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.PlanDocument) is not { } document)
            return new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Error, Summary = "No plan: " + answer.Message, Message = answer.Message };
        return Preview(host, document);
    }

    public static StepApplyResult Apply(StepHost host, IReadOnlyList<HostStep> steps, PciAddress? gpu, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.ApplyDocument) is not { } document)
            return new StepApplyResult
            {
                Outcome = answer.Refusal == StepAnswerRefusal.NotAllowed ? StepApplyOutcome.NotAllowed : StepApplyOutcome.Refused,
                Message = answer.Message,
                Preview = new StepPlanPreview { Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused, Summary = answer.Message, Message = answer.Message },
            };
        return new StepApplyResult
        {
            Outcome = Enum.Parse<StepApplyOutcome>(document.Outcome, ignoreCase: true),
            ChangeSetId = Guid.TryParse(document.ChangeSetId, out var id) ? id : null,
            Message = document.Message,
            Commands = [.. document.Commands.Select(Run)],
            Preview = Preview(host, document.Plan),
        };
    }

    public static StepVerifyResult Verify(StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.VerifyDocument) is not { } document)
            return new StepVerifyResult { Outcome = answer.Refusal == StepAnswerRefusal.NotAllowed ? StepVerifyOutcome.NotAllowed : StepVerifyOutcome.Failed, Message = answer.Message };
        return new StepVerifyResult
        {
            Outcome = Enum.Parse<StepVerifyOutcome>(document.Outcome, ignoreCase: true),
            ChangeSetId = Guid.TryParse(document.ChangeSetId, out var id) ? id : null,
            Message = document.Message,
            Verification = document.Checks.Count == 0 ? null : new StepVerification
            {
                Checks = [.. document.Checks.Select(c => new StepCheck { Step = HostSteps.FromNames([c.Step])[0], Subject = c.Subject, Passed = c.Passed, Message = c.Message })],
            },
        };
    }

    /// <summary>The rollback's result; a refusal of the agent's (busy, unknown set, offline) as a failed rollback that says why.</summary>
    public static Permitted<RollbackResult> Rollback(Guid changeSetId, Actor actor, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Refusal == StepAnswerRefusal.NotAllowed) return new Permitted<RollbackResult>(new NotAllowed(actor, Role.Operator, "roll back changes"));
        if (Read(answer, CliJsonContext.Output.RollbackDocument) is not { } document)
            return new Permitted<RollbackResult>(new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = answer.Message } });
        var outcome = Enum.Parse<RollbackOutcome>(document.Outcome, ignoreCase: true);
        return new Permitted<RollbackResult>(new RollbackResult
        {
            ChangeSetId = changeSetId,
            Outcome = outcome,
            RolledBackAt = document.RolledBackAt,
            Commands = [.. document.Commands.Select(Run)],
            Error = outcome is RollbackOutcome.RolledBack or RollbackOutcome.AlreadyRolledBack ? null : new ChangeError { Message = document.Message },
        });
    }

    /// <summary>The agent's history of its host as its journal keeps it; null when the agent could not answer (offline, no answer) or sent no detail.</summary>
    public static StepHistory? History(StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Detail is { } detail ? Data.ChangeSetJson.Deserialize<StepHistory>(detail) : null;
    }

    /// <summary>
    /// The agent's <c>guest --json</c> as the step 5 card draws a check: the VM, its libvirt, the checks, the problems and
    /// the advice. Without a document (offline, no answer in time) the checks could not be made, and the report says why.
    /// </summary>
    public static GuestStepReport Guest(string vm, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.GuestDocument) is not { } document) return new GuestStepReport { Vm = vm, Connection = "", Problem = answer.Message };
        var detected = document.DetectedProblems.Select(Problem).ToList();
        var toWatch = document.ProblemsToWatch.Select(Problem).ToList();
        return new GuestStepReport
        {
            Vm = document.Vm,
            Connection = document.Connection,
            Problem = document.Problem,
            MarkedDoneAt = document.MarkedDoneAt,
            Report = document.Problem is null && document.Advice is { } advice
                ? new GuestDriverReport
                {
                    Checks = [.. document.Checks.Select(c => new GuestCheck { Subject = c.Subject, Outcome = Enum.Parse<GuestCheckOutcome>(c.Outcome, ignoreCase: true), Message = c.Message })],
                    DetectedProblems = detected,
                    ProblemsToWatch = toWatch,
                    Advice = new GuestDriverAdvice
                    {
                        Vendor = Enum.Parse<GpuVendor>(advice.Vendor, ignoreCase: true),
                        GpuName = advice.GpuName,
                        DownloadPage = advice.DownloadPage,
                        WhatToDownload = advice.WhatToDownload,
                        WhatYouShouldSee = advice.WhatYouShouldSee,
                        NvidiaGeneration = NvidiaGenerations.All.FirstOrDefault(g => g.Name == advice.NvidiaGeneration),
                        HiddenHypervisor = new HiddenHypervisorAdvice { Need = Enum.Parse<HiddenHypervisorNeed>(advice.HideHypervisor, ignoreCase: true), Reason = advice.HideHypervisorReason },
                        Notes = advice.Notes,
                        // The card's problems are those the checks found and those left to watch for (the document keeps them apart).
                        KnownProblems = [.. detected.Concat(toWatch).DistinctBy(p => p.Id)],
                    },
                }
                : null,
        };
    }

    /// <summary>Step 5 marked done by the agent (its <c>guest --done --json</c>), refused for the role, or not marked because the agent could not answer.</summary>
    public static Permitted<GuestDoneResult> GuestDone(string vm, Actor actor, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Refusal == StepAnswerRefusal.NotAllowed) return new Permitted<GuestDoneResult>(new NotAllowed(actor, Role.Operator, "mark steps done"));
        if (answer.Document is null) return new Permitted<GuestDoneResult>(new GuestDoneResult { Marked = false, Message = "Step 5 was not marked done. " + answer.Message });
        var report = Guest(vm, answer);
        return new Permitted<GuestDoneResult>(new GuestDoneResult { Marked = true, Message = $"Step 5 is marked done for {report.Vm}: the history of its host records it.", Report = report });
    }

    private static KnownProblem Problem(KnownProblemDocument problem) => new()
    {
        Id = Enum.Parse<KnownProblemId>(problem.Id, ignoreCase: true),
        Title = problem.Title,
        Symptom = problem.Symptom,
        Cause = problem.Cause,
        Fix = problem.Fix,
        FixStep = (Core.GuestDrivers.ChecklistStep)problem.FixStep,
    };

    private static T? Read<T>(StepAnswer answer, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        answer.Document is { } document ? JsonSerializer.Deserialize(document, type) : null;

    private static StepPlanPreview Preview(StepHost host, PlanDocument document)
    {
        var steps = HostSteps.FromNames(document.Steps);
        PciAddress? gpu = document.Gpu is { } text && PciAddress.TryParse(text, out var parsed) ? parsed : null;
        var outcome = Enum.Parse<HostChangeOutcome>(document.Outcome, ignoreCase: true);
        var refusals = document.Refusals.Select(r => new StepRefusal { Step = HostSteps.FromNames([r.Step])[0], Why = r.Why, WhatToDo = r.WhatToDo, LiftedBySingleGpuChoice = r.LiftedBySingleGpu }).ToList();
        var plan = outcome == HostChangeOutcome.Planned
            ? new ChangePlan
            {
                Steps = document.Steps,
                Summary = document.Summary,
                Files = [.. document.Files.Select(f => new FileChange { Path = f.Path, Before = f.Before, After = f.After, Reason = f.Reason })],
                Commands = [.. document.Commands.Select(c => new CommandStep(new CommandRequest(c.Program, c.Arguments), c.Reason))],
                Notes = document.Notes,
                NeedsReboot = document.NeedsReboot,
            }
            : null;
        return new StepPlanPreview
        {
            Host = host,
            Steps = steps,
            Gpu = gpu,
            Outcome = outcome,
            Summary = document.Summary,
            Message = document.Message,
            Files = [.. document.Files.Select(f => new PlannedFile { Path = f.Path, Reason = f.Reason, Before = f.Before, After = f.After, Diff = f.Diff })],
            Commands = [.. document.Commands.Select(c => new PlannedCommand { Display = c.Command, Program = c.Program, Arguments = c.Arguments, Reason = c.Reason, WillBeSkipped = c.Skipped })],
            Notes = document.Notes,
            Refusals = refusals,
            Findings = document.Findings,
            NeedsReboot = document.NeedsReboot,
            IsNothingToDo = document.NothingToDo,
            Identity = document.PlanId is { } id ? new PlanIdentity { Id = id, Host = host.Name, Gpu = gpu, Steps = document.Steps, Parts = [] } : null,
            // The planner's answer as far as the document holds it: outcome, plan and words, without the detection behind them.
            Result = new HostChangePlanResult
            {
                Outcome = outcome,
                Request = new HostChangeRequest { Gpu = gpu, Steps = steps },
                Plan = plan,
                Message = document.Message,
                Refusals = refusals,
                Notes = document.Notes,
            },
        };
    }

    internal static CommandRun Run(CommandRunDocument run)
    {
        var words = run.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var request = new CommandRequest(words.Length > 0 ? words[0] : run.Command, [.. words.Skip(1)]);
        return new CommandRun
        {
            Step = new CommandStep(request, ""),
            Phase = Enum.Parse<ChangePhase>(run.Phase, ignoreCase: true),
            Status = Enum.Parse<CommandStatus>(run.Status, ignoreCase: true),
            Result = run.ExitCode is { } code ? new CommandResult(code, run.StandardOutput, run.StandardError) : null,
            // The document keeps no times: the agent ran it, the page shows its outcome.
            StartedAt = default,
            FinishedAt = default,
        };
    }
}
