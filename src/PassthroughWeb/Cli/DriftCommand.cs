using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services.Drift;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb drift accept</c>: takes the host's newest profile as what its applied steps stand on, for a drift
/// that needs no new change set (a card bound by its IDs that moved slot). <c>scan</c> shows the drift.
/// </summary>
public static class DriftCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("drift", "What to do when the hardware no longer matches what the applied steps stand on (scan shows it).");
        command.Subcommands.Add(Accept(services));
        return command;
    }

    private static Command Accept(CliServices services)
    {
        var root = CommonOptions.Root("The host whose newest profile to keep (its name is read from there).");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the result");
        var command = new Command("accept", "Keep the hardware as the newest scan shows it: what the applied steps stand on from now, recorded in the history. Needs the Operator role.")
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
            var accepted = await engine.Get<PlannedDeviceRecorder>().AcceptAsync(host.Name, services.Actor, ct).ConfigureAwait(false);
            if (accepted.Outcome is DriftAcceptanceOutcome.NotAllowed or DriftAcceptanceOutcome.UnknownHost)
            {
                await error.WriteLineAsync(accepted.Outcome == DriftAcceptanceOutcome.UnknownHost
                    ? $"{accepted.Message} Scan it first: PassthroughWeb scan --root {rootPath}."
                    : accepted.Message).ConfigureAwait(false);
                return accepted.Outcome == DriftAcceptanceOutcome.NotAllowed ? ExitCodes.NotAllowed : ExitCodes.NotFound;
            }
            await output.WriteLineAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(DriftAcceptDocument.Map(host.Name, accepted), CliJsonContext.Output.DriftAcceptDocument)
                : accepted.Message).ConfigureAwait(false);
            return accepted.Outcome == DriftAcceptanceOutcome.Accepted ? ExitCodes.Success : ExitCodes.NothingToDo;
        });
        return command;
    }
}
