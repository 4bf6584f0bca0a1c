using System.CommandLine;
using PassthroughWeb.Core.Changes;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb rollback ID</c>: puts every file of an applied change set back byte for byte and runs its commands again.</summary>
public static class RollbackCommand
{
    public static Command Create(CliServices services)
    {
        var id = new Argument<string>("CHANGESET_ID") { Description = "The change set to roll back, as apply printed it (history lists them)." };
        var data = CommonOptions.Data();
        var force = new Option<bool>("--force") { Description = "Roll back even files edited since the change set wrote them (those edits are lost)." };
        var command = new Command("rollback", "Roll back an applied change set: every file back byte for byte (files it created removed), then its regeneration commands again; a VM it redefined gets its previous definition, a VM it created is undefined and its disk deleted.")
        {
            id, data, force,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var text = parseResult.GetValue(id)!;
            if (!Guid.TryParse(text, out var changeSetId))
            {
                await error.WriteLineAsync($"'{text}' is not a change set id: use the id apply printed (PassthroughWeb history lists them).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var set = await engine.Get<Core.Changes.IChangeJournal>().GetAsync(changeSetId, ct).ConfigureAwait(false);
            var permitted = await engine.Get<RollbackOperation>().RollbackAsync(changeSetId, services.Actor, parseResult.GetValue(force), ct).ConfigureAwait(false);
            if (permitted.Denied is { } denied)
            {
                await error.WriteLineAsync(denied.Message).ConfigureAwait(false);
                return ExitCodes.NotAllowed;
            }
            var result = permitted.Value;
            if (result.Outcome == RollbackOutcome.RolledBack)
            {
                var domains = set?.Plan.Domains.Where(d => !d.IsNoOp).ToList() ?? [];
                await output.WriteLineAsync(domains.Count > 0
                    ? $"Change set {changeSetId} rolled back: " + string.Join("; ", domains.Select(d => d.Creates
                        ? $"the VM '{d.Name}' it created is undefined{(d.NewVolume is { } v ? $" and its disk {v.Name} deleted from the pool {v.Pool}" : "")}"
                        : $"the VM '{d.Name}' has its previous definition again, exactly")) + "."
                    : $"Change set {changeSetId} rolled back: every file is as it was before it." +
                      (result.CommandsSkipped ? " The commands were skipped (the root is not /)." : " Reboot for the boot configuration to match.")).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            if (result.Outcome == RollbackOutcome.AlreadyRolledBack)
            {
                await output.WriteLineAsync($"Change set {changeSetId} was already rolled back{(result.RolledBackAt is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "")}: nothing needed doing.").ConfigureAwait(false);
                return ExitCodes.NothingToDo;
            }
            await error.WriteLineAsync(result.Error?.Message ?? result.Outcome.ToString()).ConfigureAwait(false);
            return result.Outcome switch
            {
                RollbackOutcome.Refused => ExitCodes.Refused,
                RollbackOutcome.Busy => ExitCodes.HostBusy,
                _ => ExitCodes.ChangeFailed,
            };
        });
        return command;
    }
}
