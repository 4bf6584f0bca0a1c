namespace PassthroughWeb.Core.Events;

/// <summary>
/// A staged rollout moved on for this host: it was started with this host as the canary, the host was applied, waits
/// for its reboot, was verified, failed, or was rolled back; <see cref="RolloutState"/> says where the whole rollout
/// stands after it (a failure here stops it).
/// </summary>
public sealed record RolloutProgress : HostEvent
{
    public required string RolloutId { get; init; }

    /// <summary>0 for the canary, then the batches in order.</summary>
    public required int Batch { get; init; }

    /// <summary>The host's state in camelCase: <c>pending</c>, <c>applying</c>, <c>rebootNeeded</c>, <c>verified</c>, <c>unchanged</c>, <c>applyFailed</c>, <c>verificationFailed</c>, <c>rolledBack</c>.</summary>
    public required string State { get; init; }

    /// <summary>The rollout's state in camelCase: <c>planned</c>, <c>running</c>, <c>completed</c>, <c>stopped</c>, <c>rolledBack</c>.</summary>
    public required string RolloutState { get; init; }

    public required string Message { get; init; }
}
