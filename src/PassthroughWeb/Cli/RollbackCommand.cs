using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
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
        var json = StepCommandSupport.Json("the result");
        var command = new Command("rollback", "Roll back an applied change set: every file back byte for byte (files it created removed), then its regeneration commands again; a VM it redefined gets its previous definition, a VM it created is undefined and its disk deleted.")
        {
            id, data, force, json,
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
            var message = RollbackDocumentMapper.Message(set, result);
            if (parseResult.GetValue(json))
                await output.WriteLineAsync(JsonSerializer.Serialize(RollbackDocumentMapper.Map(set, result), CliJsonContext.Output.RollbackDocument)).ConfigureAwait(false);
            else if (result.Outcome is RollbackOutcome.RolledBack or RollbackOutcome.AlreadyRolledBack)
                await output.WriteLineAsync(message).ConfigureAwait(false);
            else
                await error.WriteLineAsync(message).ConfigureAwait(false);
            return result.Outcome switch
            {
                RollbackOutcome.RolledBack => ExitCodes.Success,
                RollbackOutcome.AlreadyRolledBack => ExitCodes.NothingToDo,
                RollbackOutcome.Refused => ExitCodes.Refused,
                RollbackOutcome.Busy => ExitCodes.HostBusy,
                _ => ExitCodes.ChangeFailed,
            };
        });
        return command;
    }
}
