namespace PassthroughWeb.Core.Events;

/// <summary>Every file of a change set is written and every command succeeded (or was skipped).</summary>
public sealed record ChangeSetApplied : HostEvent
{
    /// <summary>The commands were recorded as skipped: the set was applied to a copy of a host.</summary>
    public bool CommandsSkipped { get; init; }
}
