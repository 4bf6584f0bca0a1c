using System.CommandLine;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Services;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb plan</c>: shows what steps 2 and 3 would change (diffs, commands, refusals); changes nothing.</summary>
public static class PlanCommand
{
    public static Command Create(CliServices services)
    {
        var gpu = StepCommandSupport.OptionalGpu();
        var steps = StepCommandSupport.Steps();
        var root = CommonOptions.Root("The host root to plan against (a copy of a host's files works too).");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the plan");
        var singleGpu = StepCommandSupport.SingleGpu();
        var extra = StepCommandSupport.Extra();
        var vm = new VmStepOptionSet();
        var command = new Command("plan", "Show what steps 2 (host) and 3 (isolate), or step 4 (vm), would change for a card: each file's or VM definition's diff, the commands, and any refusal. Changes nothing.")
        {
            gpu, steps, root, data, json, singleGpu, extra,
        };
        foreach (var option in vm.All) command.Options.Add(option);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            var isVm = VmCommandSupport.IsVmStep(parseResult.GetValue(steps)!, out var stepsProblem);
            if (isVm is null || (isVm == false && vm.Given(parseResult) is { Count: > 0 } given && (stepsProblem = OnlyForVm(given)) is not null)
                || (isVm == true && (stepsProblem = NotForVm(parseResult, singleGpu, extra)) is not null))
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
                return await PlanVmAsync(parseResult, services, vm, parseResult.GetValue(gpu)!, rootPath, parseResult.GetValue(data), parseResult.GetValue(json), ct).ConfigureAwait(false);
            var request = StepCommandSupport.ReadPlanRequest(parseResult.GetValue(gpu), parseResult.GetValue(steps)!, parseResult.GetValue(singleGpu), parseResult.GetValue(extra), out var problem);
            if (request is null)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var preview = await engine.Get<PlanOperation>().PlanAsync(host, request.Value.Gpu, request.Value.Steps, request.Value.Options, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json))
                await output.WriteLineAsync(JsonSerializer.Serialize(StepDocumentMapper.Plan(preview), CliJsonContext.Output.PlanDocument)).ConfigureAwait(false);
            else
                await output.WriteAsync(Render(preview)).ConfigureAwait(false);
            return ExitCodeOf(preview);
        });
        return command;
    }

    /// <summary>The VM options given with steps 2 or 3, which they do not take.</summary>
    internal static string OnlyForVm(IReadOnlyList<string> given) => StepRequestReader.OnlyForVm(given, StepRequestWords.CommandLine);

    /// <summary>The step-2/3 options given with the VM step, which it does not take; null when there are none.</summary>
    internal static string? NotForVm(ParseResult parseResult, Option<bool> singleGpu, Option<string[]> extra) =>
        parseResult.GetValue(singleGpu) || (parseResult.GetValue(extra)?.Length ?? 0) > 0 ? StepRequestReader.NotForVm(StepRequestWords.CommandLine) : null;

    private static async Task<int> PlanVmAsync(ParseResult parseResult, CliServices services, VmStepOptionSet vm, string gpuText, string rootPath, string? dataOption, bool json, CancellationToken ct)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var options = vm.Read(parseResult, gpuText, out var problem);
        if (options is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(dataOption, services), options.Connection, error, ct).ConfigureAwait(false);
        if (engine is null) return ExitCodes.DataDirectoryUnusable;
        var host = StepCommandSupport.HostAt(rootPath);
        var result = await engine.Get<VmSteps>().PlanAsync(host, options, ct).ConfigureAwait(false);
        if (json)
            await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.Plan(host, result), CliJsonContext.Output.VmPlanDocument)).ConfigureAwait(false);
        else
            await output.WriteAsync(VmTextRenderer.Plan(host, result)).ConfigureAwait(false);
        return ExitCodeOf(result);
    }

    internal static int ExitCodeOf(VmPlanResult result) => result.Outcome switch
    {
        VmPlanOutcome.Planned => result.IsNothingToDo ? ExitCodes.NothingToDo : ExitCodes.Success,
        VmPlanOutcome.Refused => ExitCodes.Refused,
        _ => ExitCodes.CannotPlan,
    };

    internal static int ExitCodeOf(StepPlanPreview preview) => preview.Outcome switch
    {
        HostChangeOutcome.Planned => preview.IsNothingToDo ? ExitCodes.NothingToDo : ExitCodes.Success,
        HostChangeOutcome.Manual => ExitCodes.ManualStepsNeeded,
        HostChangeOutcome.Refused => ExitCodes.Refused,
        _ => ExitCodes.CannotPlan,
    };

    /// <summary>The plan for people: the summary, each file's diff, the commands in order, notes, findings, refusals.</summary>
    internal static string Render(StepPlanPreview preview)
    {
        var text = new StringBuilder();
        text.Append("Host     ").Append(preview.Host.Name).Append(" (root ").Append(preview.Host.Root).Append(")\n");
        text.Append("Steps    ").Append(string.Join(',', preview.Steps.Select(HostSteps.NameOf))).Append(preview.Gpu is { } card ? $" for {card}" : " (no card: step 2 does not need one)").Append('\n');
        text.Append("Outcome  ").Append(preview.IsNothingToDo ? "nothing to do" : preview.Outcome.ToString().ToLowerInvariant()).Append('\n');
        if (preview.PlanId is { } planId) text.Append("Plan id  ").Append(planId).Append(" (apply --plan-id ").Append(planId).Append(" applies exactly this plan)\n");
        text.Append('\n').Append(preview.Summary).Append('\n');
        if (preview.Message is { } message && message != preview.Summary) text.Append('\n').Append(message).Append('\n');
        foreach (var refusal in preview.Refusals)
            text.Append("\nRefused: ").Append(refusal.Why).Append("\n  What to do: ").Append(refusal.WhatToDo).Append('\n');
        foreach (var file in preview.Files)
            text.Append("\n# ").Append(file.Path).Append(file.Creates ? " (new)" : "").Append(": ").Append(file.Reason).Append('\n').Append(file.Diff);
        if (preview.Commands.Count > 0)
        {
            text.Append("\nCommands, in order").Append(preview.Commands.Any(c => c.WillBeSkipped) ? " (skipped: the root is not /)" : "").Append(":\n");
            foreach (var c in preview.Commands) text.Append("  ").Append(c.Display).Append("\n    ").Append(c.Reason).Append('\n');
        }
        if (preview.Findings.Count > 0)
        {
            text.Append("\nFindings in the host's files:\n");
            foreach (var finding in preview.Findings) text.Append("  - ").Append(finding).Append('\n');
        }
        if (preview.Notes.Count > 0)
        {
            text.Append("\nNotes:\n");
            foreach (var note in preview.Notes) text.Append("  - ").Append(note).Append('\n');
        }
        return text.ToString();
    }
}
