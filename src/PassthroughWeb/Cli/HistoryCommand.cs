using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.History;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb history</c>: a host's change sets (steps, user, time, state, commands) and events, newest first;
/// with <c>--all</c> or a filter, the audit trail of every host through the same query as the history page and the API,
/// a page at a time or exported whole as CSV or JSON.
/// </summary>
public static class HistoryCommand
{
    public static Command Create(CliServices services)
    {
        var root = CommonOptions.Root("The host whose history to show, by its root.");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the history (with diffs and command output)");
        var all = new Option<bool>("--all") { Description = "The audit trail of every host (one line per change set or event), not the history of --root's host." };
        var hostOption = new Option<string?>("--host") { Description = "Only this host, by name (implies --all).", HelpName = "NAME" };
        var step = new Option<string?>("--step") { Description = "Only entries of this step: host, isolate, vm or guest (implies --all).", HelpName = "STEP" };
        var user = new Option<string?>("--user") { Description = "Only what this user did (implies --all).", HelpName = "NAME" };
        var outcome = new Option<string?>("--outcome") { Description = "Only entries that ended so: applied, failed, rolled-back, interrupted, in-progress, passed, recorded (implies --all).", HelpName = "OUTCOME" };
        var from = new Option<string?>("--from") { Description = "Only entries at or after this day (2026-12-01, UTC) or time (ISO 8601 with offset) (implies --all).", HelpName = "WHEN" };
        var to = new Option<string?>("--to") { Description = "Only entries before this time, or up to and including this day (implies --all).", HelpName = "WHEN" };
        var limit = new Option<int>("--limit") { Description = $"Entries per page, 1 to {Data.AuditTrailStore.MaxPageSize} (default {Services.Operations.HistoryQuery.DefaultPageSize}).", DefaultValueFactory = _ => Services.Operations.HistoryQuery.DefaultPageSize, HelpName = "N" };
        var after = new Option<string?>("--after") { Description = "The page after this cursor (the `next` a page printed).", HelpName = "CURSOR" };
        var export = new Option<string?>("--export") { Description = "Print every entry the filters let through, as csv or json, instead of a page.", HelpName = "csv|json" };
        var command = new Command("history", "List a host's change sets and events (verifications, rollbacks, recoveries, VM shutdown requests, step 5 marked done), newest first; with --all or a filter, the audit trail of every host.")
        {
            root, data, json, all, hostOption, step, user, outcome, from, to, limit, after, export,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var audit = parseResult.GetValue(all) || parseResult.GetValue(export) is not null || parseResult.GetValue(after) is not null
                        || new[] { hostOption, step, user, outcome, from, to }.Any(o => parseResult.GetValue(o) is not null);
            if (audit)
            {
                if (!AuditFilter.TryParse(parseResult.GetValue(hostOption), parseResult.GetValue(step), parseResult.GetValue(user), parseResult.GetValue(outcome),
                        parseResult.GetValue(from), parseResult.GetValue(to), out var filter, out var problems))
                {
                    foreach (var problem in problems) await error.WriteLineAsync(problem).ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
                var request = new AuditRequest(filter, parseResult.GetValue(limit), parseResult.GetValue(after), parseResult.GetValue(export), parseResult.GetValue(json));
                if (request.Problem() is { } usage)
                {
                    await error.WriteLineAsync(usage).ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
                using var auditEngine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
                if (auditEngine is null) return ExitCodes.DataDirectoryUnusable;
                await PrintAuditAsync(auditEngine.Get<HistoryQuery>(), request, output, ct).ConfigureAwait(false);
                return ExitCodes.Success;
            }
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

    private sealed record AuditRequest(AuditFilter Filter, int Limit, string? After, string? Export, bool Json)
    {
        public AuditCursor? Cursor => AuditCursor.TryParse(After, out var cursor) ? cursor : null;

        public string? Problem()
        {
            if (Limit is < 1 or > Data.AuditTrailStore.MaxPageSize) return $"--limit {Limit} is not a page size: use 1 to {Data.AuditTrailStore.MaxPageSize}.";
            if (After is not null && Cursor is null) return $"--after '{After}' is not a cursor: pass the `next` a page printed, as it came.";
            if (Export is not (null or "csv" or "json")) return $"--export '{Export}' is not a format: use csv or json.";
            return null;
        }
    }

    private static async Task PrintAuditAsync(HistoryQuery query, AuditRequest request, TextWriter output, CancellationToken ct)
    {
        if (request.Export is { } format)
        {
            // The writers stream to bytes; stdout is a TextWriter, so they go through a stream that hands each flush on.
            await using var stream = new TextWriterStream(output);
            var entries = query.AllAsync(request.Filter, ct);
            if (format == "csv") await AuditCsv.WriteAsync(entries, stream, ct).ConfigureAwait(false);
            else await AuditJson.WriteAsync(entries, stream, ct).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            return;
        }
        var page = await query.PageAsync(request.Filter, request.Cursor, request.Limit, ct).ConfigureAwait(false);
        if (request.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(AuditPageDocument.Of(page), CliJsonContext.Output.AuditPageDocument)).ConfigureAwait(false);
            return;
        }
        if (page.Entries.Count == 0) await output.WriteLineAsync("No entry matches.").ConfigureAwait(false);
        foreach (var entry in page.Entries)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{entry.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {entry.Host,-16} {entry.What,-18} {string.Join(',', entry.Steps),-13} {AuditFilter.WordOf(entry.Outcome),-11} {entry.User,-10} {entry.Summary}")).ConfigureAwait(false);
        }
        if (page.Next is { } next) await output.WriteLineAsync($"next: {next}  (history --after {next} … for the next page)").ConfigureAwait(false);
    }
}
