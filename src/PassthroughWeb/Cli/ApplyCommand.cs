using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb apply … --yes</c>: plans steps 2 and/or 3 and applies them as one change set; prints its id.</summary>
public static class ApplyCommand
{
    public static Command Create(CliServices services)
    {
        var gpu = StepCommandSupport.OptionalGpu();
        // Not required: --plan-id alone applies the shown plan with its own steps.
        var steps = StepCommandSupport.Steps(required: false);
        var root = CommonOptions.Root("The host root to change (against a copy of a host the commands are skipped).");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the result");
        var singleGpu = StepCommandSupport.SingleGpu();
        var extra = StepCommandSupport.Extra();
        var yes = new Option<bool>("--yes") { Description = "Confirm: apply changes the host's boot configuration (or a VM's definition). Without it nothing is changed." };
        var planId = new Option<string?>("--plan-id")
        {
            Description = "The id `plan` printed for these options: apply only that very plan, and change nothing (exit 22) if the host now gives another, saying what changed.",
            HelpName = "ID",
        };
        var vm = new VmStepOptionSet();
        var command = new Command("apply", "Apply steps 2 (host) and/or 3 (isolate), or step 4 (vm), for a card as one change set (backed up, journaled, undone on failure); prints its id. Needs --yes.")
        {
            gpu, steps, root, data, json, singleGpu, extra, yes, planId,
        };
        foreach (var option in vm.All) command.Options.Add(option);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            var shownPlanId = parseResult.GetValue(planId)?.Trim();
            if (shownPlanId is not null && !Core.Changes.PlanIdentity.IsWellFormedId(shownPlanId))
            {
                await error.WriteLineAsync($"'{shownPlanId}' is not a plan id: give the one `plan` printed (Plan id  {Core.Changes.PlanIdentity.Prefix}…, 24 hex digits).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (parseResult.GetValue(steps) is null)
            {
                // The id alone names the plan: its steps, card and options were kept when it was shown.
                var extraGiven = parseResult.GetValue(gpu) is not null || parseResult.GetValue(singleGpu) || parseResult.GetValue(extra) is { Length: > 0 } || vm.Given(parseResult).Count > 0;
                if (shownPlanId is null || extraGiven)
                {
                    await error.WriteLineAsync(shownPlanId is null
                        ? "Option '--steps' is required, or '--plan-id ID' alone to apply the plan `plan` printed."
                        : "With '--plan-id' alone the plan's own steps, card and options are applied: give '--steps' too when you give other options.").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
                if (!parseResult.GetValue(yes))
                {
                    await error.WriteLineAsync($"Nothing was changed: apply changes the host, so it needs --yes. Run 'PassthroughWeb apply --plan-id {shownPlanId} --yes' to apply the plan you saw.").ConfigureAwait(false);
                    return ExitCodes.Refused;
                }
                return await ApplyShownAsync(shownPlanId, parseResult, services, rootPath, parseResult.GetValue(data), parseResult.GetValue(json), ct).ConfigureAwait(false);
            }
            var isVm = VmCommandSupport.IsVmStep(parseResult.GetValue(steps)!, out var stepsProblem);
            if (isVm is null || (isVm == false && vm.Given(parseResult) is { Count: > 0 } given && (stepsProblem = PlanCommand.OnlyForVm(given)) is not null)
                || (isVm == true && (stepsProblem = PlanCommand.NotForVm(parseResult, singleGpu, extra)) is not null))
            {
                await error.WriteLineAsync(stepsProblem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (isVm == true && parseResult.GetValue(gpu) is null)
            {
                await error.WriteLineAsync(StepCommandSupport.GpuNeededFor("vm")).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (isVm == true)
                return await ApplyVmAsync(shownPlanId, parseResult, services, vm, parseResult.GetValue(gpu)!, rootPath, parseResult.GetValue(data), parseResult.GetValue(json), parseResult.GetValue(yes), ct).ConfigureAwait(false);
            var request = StepCommandSupport.ReadPlanRequest(parseResult.GetValue(gpu), parseResult.GetValue(steps)!, parseResult.GetValue(singleGpu), parseResult.GetValue(extra), out var problem);
            if (request is null)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (!parseResult.GetValue(yes))
            {
                await error.WriteLineAsync("Nothing was changed: apply edits the host's boot configuration, so it needs --yes. Run 'PassthroughWeb plan' with the same options to see the diffs first.").ConfigureAwait(false);
                return ExitCodes.Refused;
            }
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var result = await engine.Get<ApplyOperation>().ApplyAsync(host, request.Value.Gpu, request.Value.Steps, request.Value.Options, services.Actor, ct, shownPlanId).ConfigureAwait(false);
            return await ReportAsync(result, parseResult, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ReportAsync(StepApplyResult result, ParseResult parseResult, bool json)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(StepDocumentMapper.Apply(result), CliJsonContext.Output.ApplyDocument)).ConfigureAwait(false);
        }
        else
        {
            if (result.ChangeSetId is { } id) await output.WriteLineAsync(id.ToString()).ConfigureAwait(false);
            await error.WriteLineAsync(result.Message).ConfigureAwait(false);
            foreach (var run in result.Commands)
                await error.WriteLineAsync($"  {run.Status.ToString().ToLowerInvariant(),-9} {run.Step.Command.Display}{(run.Result is { Started: true } r ? $" (exit {r.ExitCode})" : "")}").ConfigureAwait(false);
            if (result.Outcome == StepApplyOutcome.Refused && result.Preview.Refusals.Count > 0)
                foreach (var refusal in result.Preview.Refusals) await error.WriteLineAsync($"  Refused: {refusal.Why} What to do: {refusal.WhatToDo}").ConfigureAwait(false);
        }
        return result.Outcome switch
        {
            StepApplyOutcome.Applied when result.Images is { IsBlocking: true } => ExitCodes.ImagesIncomplete,
            StepApplyOutcome.Applied => ExitCodes.Success,
            StepApplyOutcome.Failed => ExitCodes.ChangeFailed,
            StepApplyOutcome.Refused => ExitCodes.Refused,
            StepApplyOutcome.NothingToDo => ExitCodes.NothingToDo,
            StepApplyOutcome.Manual => ExitCodes.ManualStepsNeeded,
            StepApplyOutcome.NotAllowed => ExitCodes.NotAllowed,
            StepApplyOutcome.Stale => ExitCodes.PlanStale,
            StepApplyOutcome.Busy => ExitCodes.HostBusy,
            _ => ExitCodes.CannotPlan,
        };
    }

    /// <summary>
    /// <c>apply --plan-id ID --yes</c> with nothing else: the request kept when the plan was shown (by <c>plan</c>, a page or
    /// the API) is planned again and applied only if it is still that plan, steps 2 and 3 or the VM step alike.
    /// </summary>
    private static async Task<int> ApplyShownAsync(string shownPlanId, ParseResult parseResult, CliServices services, string rootPath, string? dataOption, bool json, CancellationToken ct)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var dataDirectory = CommonOptions.ResolveDataDirectory(dataOption, services);
        var host = StepCommandSupport.HostAt(rootPath);
        var shown = await new Services.Plans.ShownPlans(dataDirectory, TimeProvider.System).FindAsync(shownPlanId, ct).ConfigureAwait(false);
        if (shown is null)
        {
            await error.WriteLineAsync($"Nothing was changed: no plan {shownPlanId} was shown in the last {Services.Plans.ShownPlans.Retention.TotalDays:0} days in {dataDirectory}. Run 'PassthroughWeb plan' again and apply the id it prints.").ConfigureAwait(false);
            return ExitCodes.PlanStale;
        }
        if (shown.Host != host.Name)
        {
            await error.WriteLineAsync($"Nothing was changed: plan {shownPlanId} was made for {shown.Host}, not {host.Name} (the host at {rootPath}); give --root for that host.").ConfigureAwait(false);
            return ExitCodes.PlanStale;
        }
        var vmOptions = VmSteps.OptionsOf(shown);
        using var engine = await CliEngine.OpenAsync(services, dataDirectory, vmOptions?.Connection, error, ct).ConfigureAwait(false);
        if (engine is null) return ExitCodes.DataDirectoryUnusable;
        if (vmOptions is not null)
            return await ReportVmAsync(host, await engine.Get<VmSteps>().ApplyAsync(host, vmOptions, services.Actor, ct, shown.Id).ConfigureAwait(false), parseResult, json).ConfigureAwait(false);
        return await ReportAsync(await engine.Get<ApplyOperation>().ApplyShownAsync(host, shown, services.Actor, ct).ConfigureAwait(false), parseResult, json).ConfigureAwait(false);
    }

    private static async Task<int> ApplyVmAsync(string? shownPlanId, ParseResult parseResult, CliServices services, VmStepOptionSet vm, string gpuText, string rootPath, string? dataOption, bool json, bool yes, CancellationToken ct)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var options = vm.Read(parseResult, gpuText, out var problem);
        if (options is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        if (!yes)
        {
            await error.WriteLineAsync("Nothing was changed: apply redefines the VM, so it needs --yes. Run 'PassthroughWeb plan' with the same options to see the diff first.").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(dataOption, services), options.Connection, error, ct).ConfigureAwait(false);
        if (engine is null) return ExitCodes.DataDirectoryUnusable;
        var host = StepCommandSupport.HostAt(rootPath);
        return await ReportVmAsync(host, await engine.Get<VmSteps>().ApplyAsync(host, options, services.Actor, ct, shownPlanId).ConfigureAwait(false), parseResult, json).ConfigureAwait(false);
    }

    private static async Task<int> ReportVmAsync(StepHost host, Services.Vm.VmApplyResult result, ParseResult parseResult, bool json)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.Apply(host, result), CliJsonContext.Output.VmApplyDocument)).ConfigureAwait(false);
        }
        else
        {
            if (result.ChangeSetId is { } id) await output.WriteLineAsync(id.ToString()).ConfigureAwait(false);
            // A refused or failed plan: the findings say why and what to do (and offer the clean shutdown).
            if (result.Planned is { Outcome: not Core.VirtualMachines.VmPlanOutcome.Planned } planned)
                await error.WriteAsync(VmTextRenderer.Plan(host, planned)).ConfigureAwait(false);
            await error.WriteAsync(VmTextRenderer.Applied(result)).ConfigureAwait(false);
        }
        return ExitCodeOf(result);
    }

    internal static int ExitCodeOf(Services.Vm.VmApplyResult result) => result.Outcome switch
    {
        StepApplyOutcome.Applied => ExitCodes.Success,
        StepApplyOutcome.Failed => ExitCodes.ChangeFailed,
        StepApplyOutcome.Refused => ExitCodes.Refused,
        StepApplyOutcome.NothingToDo => ExitCodes.NothingToDo,
        StepApplyOutcome.NotAllowed => ExitCodes.NotAllowed,
        StepApplyOutcome.Stale => ExitCodes.PlanStale,
        StepApplyOutcome.Busy => ExitCodes.HostBusy,
        _ => ExitCodes.CannotPlan,
    };
}
