using System.Text.Json;
using PassthroughWeb.Core.Rollouts;

namespace PassthroughWeb.Cli.Json;

/// <summary>A rollout as the API answers it and <c>rollout --json</c> prints it, with the words of what comes next.</summary>
public static class RolloutDocumentMapper
{
    public static RolloutDocument Map(Rollout rollout, IReadOnlyDictionary<string, string?> plans)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(plans);
        return new RolloutDocument
        {
            SchemaVersion = RolloutDocument.CurrentSchemaVersion,
            Id = rollout.Id,
            Steps = rollout.Steps,
            Gpu = rollout.Gpu,
            BatchSize = rollout.BatchSize,
            CreatedBy = rollout.CreatedBy,
            StartedBy = rollout.StartedBy,
            State = Camel(rollout.State.ToString()),
            Message = rollout.Message,
            Next = Next(rollout),
            CanRollBack = [.. rollout.RollbackCandidates.Select(h => h.Name)],
            CreatedAt = rollout.CreatedAt,
            StartedAt = rollout.StartedAt,
            FinishedAt = rollout.FinishedAt,
            Hosts = [.. rollout.Hosts.Select(h => new RolloutHostDocument
            {
                Name = h.Name,
                Batch = h.Batch,
                State = Camel(h.State.ToString()),
                PlanId = h.PlanId,
                ChangeSetId = h.ChangeSetId?.ToString(),
                Message = h.Message,
                UpdatedAt = h.UpdatedAt,
                Plan = plans.GetValueOrDefault(h.Name) is { } json ? JsonSerializer.Deserialize(json, CliJsonContext.Output.PlanDocument) : null,
            })],
        };
    }

    /// <summary>What the rollout does next or waits for, and what the user can do about it.</summary>
    public static string Next(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return RolloutRules.Next(rollout) switch
        {
            RolloutNext.NotStarted => $"Read each host's plan, then start it (POST /api/rollouts/{rollout.Id}/start, `rollout start {rollout.Id}`): {rollout.Hosts[0].Name} goes first, alone, as the canary.",
            RolloutNext.Apply a => $"Applying {(a.Batch == 0 ? "the canary" : $"batch {a.Batch}")}: {string.Join(", ", a.Hosts)}.",
            RolloutNext.WaitForApply w => $"Applying {string.Join(", ", w.Hosts)}.",
            RolloutNext.WaitForReboot w =>
                $"Waits for the reboot of {string.Join(", ", w.Hosts)}: reboot {(w.Hosts.Count == 1 ? "it" : "them")}. An agent's host is verified when its agent reports the new boot; " +
                $"any host is verified when an Operator asks (POST /api/rollouts/{rollout.Id}/verify, `rollout verify {rollout.Id}`). The next batch starts when every one passed.",
            _ => rollout.State switch
            {
                RolloutState.Stopped when rollout.RollbackCandidates.Count > 0 => $"Stopped. Roll back what it applied (POST /api/rollouts/{rollout.Id}/rollback, `rollout rollback {rollout.Id}`), or fix the host and create a new rollout.",
                RolloutState.Stopped => "Stopped; nothing it applied is left on a host.",
                RolloutState.Completed => "Completed: nothing more happens.",
                _ => "Rolled back: nothing more happens.",
            },
        };
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
