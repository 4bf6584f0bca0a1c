namespace PassthroughWeb.Core.Events;

/// <summary>The host was verified against what the applied steps expect.</summary>
public sealed record VerificationResult : HostEvent
{
    public required bool Passed { get; init; }
    public required string Summary { get; init; }
}
