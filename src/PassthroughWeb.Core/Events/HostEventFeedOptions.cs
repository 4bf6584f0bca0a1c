namespace PassthroughWeb.Core.Events;

public sealed class HostEventFeedOptions
{
    /// <summary>How many of each host's latest events a new subscriber gets as its snapshot. Default 500.</summary>
    public int HistoryPerHost { get; init; } = 500;

    /// <summary>
    /// How many events wait for one subscriber before it is told it missed some (<see cref="EventsMissed"/>). Default 10,000.
    /// </summary>
    public int SubscriberCapacity { get; init; } = 10_000;

    /// <summary>This process's id in events it publishes. Default: the host name, process id and a random part.</summary>
    public string? Origin { get; init; }

    /// <summary>When set, every event this process publishes is also appended to it, for the other processes on the data directory.</summary>
    public HostEventLog? Log { get; init; }

    /// <summary>When set, every event published here goes to the other hub instances too, except the ones it brought.</summary>
    public IHostEventRelay? Relay { get; init; }
}
