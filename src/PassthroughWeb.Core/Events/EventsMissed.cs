namespace PassthroughWeb.Core.Events;

/// <summary>
/// Told to one subscriber, never published: it read too slowly, its buffer filled, and <see cref="Count"/> events were
/// dropped for it at this point of its stream. The last one dropped has <see cref="HostEvent.Sequence"/>. Subscribe
/// again for a fresh snapshot. <see cref="HostEvent.Host"/> is the subscription's host, or <c>*</c> for all hosts.
/// </summary>
public sealed record EventsMissed : HostEvent
{
    public required long Count { get; init; }
}
