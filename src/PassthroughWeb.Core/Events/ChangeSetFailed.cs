namespace PassthroughWeb.Core.Events;

/// <summary>A change set stopped on a failure; its files were put back as they were.</summary>
public sealed record ChangeSetFailed : HostEvent
{
    public required string Message { get; init; }
}
