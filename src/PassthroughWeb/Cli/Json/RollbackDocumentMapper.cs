using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Cli.Json;

/// <summary>A rollback's answer as the CLI prints it (text or <c>--json</c>) and the HTTP API returns it.</summary>
internal static class RollbackDocumentMapper
{
    public static RollbackDocument Map(ChangeSet? set, RollbackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RollbackDocument
        {
            SchemaVersion = RollbackDocument.CurrentSchemaVersion,
            ChangeSetId = result.ChangeSetId.ToString(),
            Outcome = JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()),
            Message = Message(set, result),
            RolledBackAt = result.RolledBackAt,
            Commands = [.. result.Commands.Select(StepDocumentMapper.Run)],
        };
    }

    /// <summary>What the rollback did, in one sentence: the files or VMs put back, or why nothing was.</summary>
    public static string Message(ChangeSet? set, RollbackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var id = result.ChangeSetId;
        switch (result.Outcome)
        {
            case RollbackOutcome.RolledBack:
                var domains = set?.Plan.Domains.Where(d => !d.IsNoOp).ToList() ?? [];
                return domains.Count > 0
                    ? $"Change set {id} rolled back: " + string.Join("; ", domains.Select(d => d.Creates
                        ? $"the VM '{d.Name}' it created is undefined{(d.NewVolume is { } v ? $" and its disk {v.Name} deleted from the pool {v.Pool}" : "")}"
                        : $"the VM '{d.Name}' has its previous definition again, exactly")) + "."
                    : $"Change set {id} rolled back: every file is as it was before it." +
                      (result.CommandsSkipped ? " The commands were skipped (the root is not /)." : " Reboot for the boot configuration to match.");
            case RollbackOutcome.AlreadyRolledBack:
                return string.Create(CultureInfo.InvariantCulture,
                    $"Change set {id} was already rolled back{(result.RolledBackAt is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "")}: nothing needed doing.");
            default:
                return result.Error?.Message ?? result.Outcome.ToString();
        }
    }
}
