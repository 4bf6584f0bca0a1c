namespace PassthroughWeb.Core.Events;

/// <summary>A rollback of a change set ended.</summary>
public sealed record ChangeSetRolledBack : HostEvent
{
    /// <summary><c>rolled-back</c>, or <c>failed</c> (see <see cref="Message"/>).</summary>
    public required string Outcome { get; init; }

    public string? Message { get; init; }
}
