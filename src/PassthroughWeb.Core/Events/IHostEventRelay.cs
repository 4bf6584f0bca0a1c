namespace PassthroughWeb.Core.Events;

/// <summary>
/// Carries the events of one feed to the feeds of other hub instances (the Redis backplane, docs/scaling.md). The
/// feed hands it every event it publishes, in order, except those the relay itself delivered
/// (<see cref="HostEventFeed.PublishRelayed"/>); <see cref="Send"/> runs under the feed's lock and must not wait.
/// </summary>
public interface IHostEventRelay
{
    void Send(HostEvent published);
}
