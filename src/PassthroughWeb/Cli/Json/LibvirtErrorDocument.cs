namespace PassthroughWeb.Cli.Json;

/// <summary>Why libvirt did not answer: the kind, a sentence for the user and virsh's own words.</summary>
public sealed record LibvirtErrorDocument
{
    /// <summary><c>virshMissing</c>, <c>notReachable</c>, <c>domainNotFound</c>, <c>timedOut</c> or <c>failed</c>.</summary>
    public required string Kind { get; init; }

    public required string Message { get; init; }
    public required string Detail { get; init; }
}
