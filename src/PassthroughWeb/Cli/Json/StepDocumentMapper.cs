using System.Text.Json;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Services;

namespace PassthroughWeb.Cli.Json;

/// <summary>Maps the step service's answers to the CLI's JSON contract, field by field.</summary>
internal static class StepDocumentMapper
{
    public static PlanDocument Plan(StepPlanPreview preview) => new()
    {
        SchemaVersion = PlanDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = preview.Host.Name, Root = preview.Host.Root },
        Steps = [.. preview.Steps.Select(Core.Steps.HostSteps.NameOf)],
        Gpu = preview.Gpu?.ToString(),
        Outcome = Name(preview.Outcome.ToString()),
        PlanId = preview.PlanId,
        NothingToDo = preview.IsNothingToDo,
        Summary = preview.Summary,
        Message = preview.Message,
        NeedsReboot = preview.NeedsReboot,
        Files = [.. preview.Files.Select(f => new PlannedFileDocument { Path = f.Path, Reason = f.Reason, Before = f.Before, After = f.After, Diff = f.Diff })],
        Commands = [.. preview.Commands.Select(c => new PlannedCommandDocument { Command = c.Display, Program = c.Program, Arguments = c.Arguments, Reason = c.Reason, Skipped = c.WillBeSkipped })],
        Notes = preview.Notes,
        Refusals = [.. preview.Refusals.Select(r => new RefusalDocument { Step = Core.Steps.HostSteps.NameOf(r.Step), Why = r.Why, WhatToDo = r.WhatToDo, LiftedBySingleGpu = r.LiftedBySingleGpuChoice })],
        Findings = preview.Findings,
    };

    public static ApplyDocument Apply(StepApplyResult result) => new()
    {
        SchemaVersion = ApplyDocument.CurrentSchemaVersion,
        Outcome = Name(result.Outcome.ToString()),
        ChangeSetId = result.ChangeSetId?.ToString(),
        Message = result.Message,
        Commands = [.. result.Commands.Select(Run)],
        Plan = Plan(result.Preview),
    };

    public static VerifyDocument Verify(StepHost host, StepVerifyResult result) => new()
    {
        SchemaVersion = VerifyDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = host.Name, Root = host.Root },
        Outcome = Name(result.Outcome.ToString()),
        ChangeSetId = result.ChangeSetId?.ToString(),
        Message = result.Message,
        Checks = result.Verification is null ? [] : [.. result.Verification.Checks.Select(c => new CheckDocument
        {
            Step = Core.Steps.HostSteps.NameOf(c.Step), Subject = c.Subject, Passed = c.Passed, Message = c.Message,
        })],
    };

    public static HistoryDocument History(StepHost host, StepHistory history) => new()
    {
        SchemaVersion = HistoryDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = host.Name, Root = host.Root },
        ChangeSets = [.. history.ChangeSets.Select(s => new ChangeSetDocument
        {
            Id = s.Set.Id.ToString(),
            Steps = s.Set.Steps,
            User = s.Set.User,
            CreatedAt = s.Set.CreatedAt,
            CompletedAt = s.Set.CompletedAt,
            State = Name(s.Set.State.ToString()),
            Root = s.Set.RootPath,
            Files = [.. s.Set.Files.Select(f => f.Path)],
            Domains = [.. s.Set.Plan.Domains.Where(d => !d.IsNoOp).Select(d => d.Name)],
            Diff = s.Set.Diff,
            Commands = [.. s.Set.Commands.Select(Run)],
            Error = s.Set.Error?.Message,
            RebootNeeded = s.RebootNeeded,
            VerificationPassed = s.Verification?.Passed,
        })],
        Events = [.. history.Events.Select(e => new HistoryEventDocument
        {
            Kind = e.Kind, At = e.At, User = e.User, ChangeSetId = e.ChangeSetId?.ToString(), Passed = e.Passed, Summary = e.Summary,
        })],
    };

    public static CommandRunDocument Run(CommandRun run) => new()
    {
        Command = run.Step.Command.Display,
        Phase = Name(run.Phase.ToString()),
        Status = Name(run.Status.ToString()),
        ExitCode = run.Result is { Started: true } r ? r.ExitCode : null,
        StandardOutput = run.Result?.StandardOutput ?? "",
        StandardError = run.Result?.StandardError ?? "",
    };

    /// <summary>Enum names as the JSON writes them: camelCase (<c>nothingToDo</c>).</summary>
    private static string Name(string value) => JsonNamingPolicy.CamelCase.ConvertName(value);
}
