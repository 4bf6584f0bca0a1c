using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Cli.Json;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb rollout create|start|show|list|verify|rollback --url URL --token TOKEN</c>: staged rollouts of steps 2
/// and 3 over several hosts, asked of a running hub through its API (the hub's driver moves a rollout on over hours
/// of reboots, which a command cannot wait for).
/// </summary>
public static class RolloutCommand
{
    /// <summary>Creating plans every host (an agent's through its agent, up to a minute each): a long wait for a large rollout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    public static Command Create(CliServices services)
    {
        var command = new Command("rollout", "Staged rollouts of steps 2 and 3 over several hosts through a hub: plans side by side, the canary first, then batches, stopping at the first failure.");
        var hosts = new Option<string>("--hosts") { Description = "The hosts in order, comma-separated: the first is the canary (gpu-node-017,gpu-node-018,gpu-node-019).", HelpName = "NAMES", Required = true };
        var gpu = new Option<string?>("--gpu") { Description = "The card's PCI address on every host (03:00.0); step 2 alone needs none.", HelpName = "ADDRESS" };
        var steps = new Option<string>("--steps") { Description = "host, isolate, or host,isolate (one reboot for both).", HelpName = "STEPS", DefaultValueFactory = _ => "host,isolate" };
        var batchSize = new Option<int>("--batch-size") { Description = "After the canary, how many hosts at a time (1 unless given).", HelpName = "N", DefaultValueFactory = _ => 1 };
        var singleGpu = new Option<bool>("--single-gpu") { Description = "Allow isolating the boot display or the only GPU, as plan --single-gpu." };
        var create = new Command("create", "Plan the steps on every host and keep them as a rollout to start; prints each host's plan side by side. Needs an Operator's token.") { hosts, gpu, steps, batchSize, singleGpu };
        var id = new Argument<string>("ID") { Description = "The rollout's id (ro_…), as create printed it." };
        var start = new Command("start", "Start a planned rollout: the canary is applied first; each next batch when every host before it verified after its reboot.") { id };
        var show = new Command("show", "Where a rollout stands: each host's state, its change set, and what the rollout waits for.") { id };
        var verify = new Command("verify", "Verify now the hosts that wait for their reboot (an agent's host is verified by itself when its agent reports after the reboot).") { id };
        var rollback = new Command("rollback", "Roll back every change set the rollout applied, the last first (a running rollout is stopped first).") { id };
        var list = new Command("list", "The newest rollouts first.");
        foreach (var sub in new[] { create, start, show, verify, rollback, list })
        {
            var url = new Option<string?>("--url") { Description = "The hub's address (http://127.0.0.1:5080), as `serve` prints it; or PASSTHROUGHWEB_URL.", HelpName = "URL" };
            var token = new Option<string?>("--token") { Description = "An access token (an Operator's to create, start, verify or roll back); or PASSTHROUGHWEB_TOKEN.", HelpName = "TOKEN" };
            var json = new Option<bool>("--json") { Description = "Print the rollout document(s) as JSON (docs/api.md, Rollouts) and nothing else on stdout." };
            sub.Options.Add(url);
            sub.Options.Add(token);
            sub.Options.Add(json);
            sub.SetAction(async (parseResult, ct) =>
            {
                var (method, path, body) = sub.Name switch
                {
                    "create" => (HttpMethod.Post, "api/rollouts", (object?)new
                    {
                        hosts = parseResult.GetValue(hosts)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                        gpu = parseResult.GetValue(gpu),
                        steps = parseResult.GetValue(steps)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                        batchSize = parseResult.GetValue(batchSize),
                        singleGpu = parseResult.GetValue(singleGpu),
                    }),
                    "list" => (HttpMethod.Get, "api/rollouts", null),
                    "show" => (HttpMethod.Get, $"api/rollouts/{Uri.EscapeDataString(parseResult.GetValue(id)!)}", null),
                    _ => (HttpMethod.Post, $"api/rollouts/{Uri.EscapeDataString(parseResult.GetValue(id)!)}/{sub.Name}", null),
                };
                return await AskAsync(parseResult.GetValue(url) ?? services.GetEnvironmentVariable("PASSTHROUGHWEB_URL"),
                    parseResult.GetValue(token) ?? services.GetEnvironmentVariable("PASSTHROUGHWEB_TOKEN"), method, path, body, sub.Name == "list",
                    parseResult.GetValue(json), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            });
            command.Subcommands.Add(sub);
        }
        return command;
    }

    private static async Task<int> AskAsync(string? address, string? token, HttpMethod method, string path, object? body, bool isList, bool asJson,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        var api = await AppApiClient.CreateAsync(address, token, "rollout asks a hub", "an access token (an Operator's to change anything)", RequestTimeout, error).ConfigureAwait(false);
        if (api is null) return ExitCodes.UsageError;
        using var content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        var (text, exitCode) = await api.SendAsync(method, path, content, "", ct).ConfigureAwait(false);
        if (text is null) return exitCode;
        if (isList)
        {
            var rollouts = JsonSerializer.Deserialize(text, CliJsonContext.Output.IReadOnlyListRolloutDocument) ?? [];
            if (asJson) await output.WriteLineAsync(JsonSerializer.Serialize(rollouts, CliJsonContext.Output.IReadOnlyListRolloutDocument)).ConfigureAwait(false);
            else foreach (var r in rollouts) await output.WriteLineAsync($"{r.Id}  {r.State,-10}  {r.Hosts.Count} hosts, steps {string.Join(',', r.Steps)}, by {r.StartedBy ?? r.CreatedBy}, {r.CreatedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        var rollout = JsonSerializer.Deserialize(text, CliJsonContext.Output.RolloutDocument)!;
        if (asJson) await output.WriteLineAsync(JsonSerializer.Serialize(rollout, CliJsonContext.Output.RolloutDocument)).ConfigureAwait(false);
        else await output.WriteAsync(Text(rollout)).ConfigureAwait(false);
        // A stopped rollout is a change that did not go through: scripts see it in the exit code.
        return rollout.State == "stopped" ? ExitCodes.ChangeFailed : ExitCodes.Success;
    }

    /// <summary>The rollout in words: its state, each host side by side with its plan, and what comes next.</summary>
    public static string Text(RolloutDocument rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var text = new StringBuilder();
        text.AppendLine($"Rollout {rollout.Id}: steps {string.Join(',', rollout.Steps)}{(rollout.Gpu is null ? "" : $" for {rollout.Gpu}")}, batches of {rollout.BatchSize} after the canary. {rollout.State}.");
        if (rollout.Message is { } message) text.AppendLine(message);
        var width = Math.Max(4, rollout.Hosts.Max(h => h.Name.Length));
        foreach (var host in rollout.Hosts)
        {
            var batch = host.Batch == 0 ? "canary " : $"batch {host.Batch}";
            var plan = host.Plan is { } p ? $"{p.Files.Count} file(s), {p.Commands.Count} command(s): {p.Summary}" : "no plan";
            text.AppendLine($"  {host.Name.PadRight(width)}  {batch,-8} {host.State,-18} {(host.ChangeSetId is { } set ? $"change set {set}  " : "")}{plan}");
            if (host.Message is { } note && host.State is not "pending") text.AppendLine($"  {new string(' ', width)}  {note}");
        }
        text.AppendLine(rollout.Next);
        return text.ToString();
    }
}
