namespace PassthroughWeb.Services.Locking;

/// <summary>Who holds a host's change lock: written beside the lock by its holder, read by whoever is refused.</summary>
public sealed record HostLockHolder
{
    public required string Host { get; init; }

    /// <summary>What the holder is doing, a phrase after "is" (<see cref="ChangeActivity.Description"/>).</summary>
    public required string Activity { get; init; }

    public required string User { get; init; }
    public required int ProcessId { get; init; }
    public required DateTimeOffset Since { get; init; }
    public Guid? ChangeSetId { get; init; }
}
