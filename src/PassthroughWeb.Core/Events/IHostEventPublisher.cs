namespace PassthroughWeb.Core.Events;

/// <summary>Where the engine tells what happens on a host. Publishing never blocks on readers and never throws for them.</summary>
public interface IHostEventPublisher
{
    void Publish(HostEvent hostEvent);
}
