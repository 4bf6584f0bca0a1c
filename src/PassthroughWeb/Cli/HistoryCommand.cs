using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Cli.Json;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb history</c>: a host's change sets (steps, user, time, state, commands) and events, newest first.</summary>
public static class HistoryCommand
{
    public static Command Create(CliServices services)
    {
        var root = CommonOptions.Root("The host whose history to show, by its root.");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the history (with diffs and command output)");
        var command = new Command("history", "List a host's change sets and events (verifications, rollbacks, recoveries, VM shutdown requests, step 5 marked done), newest first.")
        {
            root, data, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var history = await engine.Get<HistoryQuery>().HistoryAsync(host.Name, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(StepDocumentMapper.History(host, history), CliJsonContext.Output.HistoryDocument)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            if (history.ChangeSets.Count == 0 && history.Events.Count == 0)
                await output.WriteLineAsync($"{host.Name} has no history yet.").ConfigureAwait(false);
            foreach (var entry in history.ChangeSets)
            {
                var set = entry.Set;
                var status = entry.RebootNeeded ? "  (reboot needed)" : entry.Verification is { } v ? (v.Passed ? "  (verified)" : "  (verification failed)") : "";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{set.Id}  {set.CreatedAt:yyyy-MM-dd HH:mm:ss zzz}  {string.Join(',', set.Steps),-13} {set.State.ToString().ToLowerInvariant(),-11} by {set.User}{status}")).ConfigureAwait(false);
                foreach (var file in set.Files) await output.WriteLineAsync($"    file     {file.Path}").ConfigureAwait(false);
                foreach (var domain in set.Plan.Domains.Where(d => !d.IsNoOp))
                    await output.WriteLineAsync($"    vm       {domain.Name}{(domain.Creates ? " (created)" : "")} at {domain.Connection}").ConfigureAwait(false);
                foreach (var run in set.Commands)
                    await output.WriteLineAsync($"    {run.Phase.ToString().ToLowerInvariant(),-8} {run.Status.ToString().ToLowerInvariant(),-9} {run.Step.Command.Display}{(run.Result is { Started: true } r ? $" (exit {r.ExitCode})" : "")}").ConfigureAwait(false);
                if (set.Error is { } e) await output.WriteLineAsync($"    error    {e.Message}").ConfigureAwait(false);
            }
            foreach (var e in history.Events)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.At:yyyy-MM-dd HH:mm:ss zzz}  {e.Kind,-13} {(e.Passed is { } p ? (p ? "ok  " : "FAIL") : "    ")} {e.Summary}")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
