namespace PassthroughWeb.Core.Events;

/// <summary>A change set passed its checks, was journaled, and its first file is about to be written.</summary>
public sealed record ChangeSetStarted : HostEvent
{
    public required IReadOnlyList<string> Steps { get; init; }
    public required string Summary { get; init; }

    /// <summary>The host paths the set writes, in order.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
