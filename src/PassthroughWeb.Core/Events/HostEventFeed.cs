using System.Collections.Immutable;

namespace PassthroughWeb.Core.Events;

/// <summary>
/// The live feed of what happens on hosts, in the shape of the Aspire Dashboard's resource feed: a subscriber gets a
/// snapshot (each host's latest events) and then every later event, in order, through its own bounded buffer, so a
/// slow reader never holds up <see cref="Publish"/>. Events published here may also go to a <see cref="HostEventLog"/>,
/// where other processes on the same data directory read them; events read from there are published here as they are,
/// keeping their <see cref="HostEvent.Origin"/>. Thread-safe.
/// </summary>
public sealed class HostEventFeed : IHostEventPublisher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<HostEvent>> _history = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _historyPerHost;
    private readonly int _subscriberCapacity;
    private readonly HostEventLog? _log;
    private readonly IHostEventRelay? _relay;
    private ImmutableArray<HostEventSubscription> _subscribers = [];
    private long _sequence;
    private long _logFailures;

    public HostEventFeed(HostEventFeedOptions? options = null, TimeProvider? time = null)
    {
        options ??= new HostEventFeedOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryPerHost, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SubscriberCapacity, 1);
        _time = time ?? TimeProvider.System;
        _historyPerHost = options.HistoryPerHost;
        _subscriberCapacity = options.SubscriberCapacity;
        _log = options.Log;
        _relay = options.Relay;
        Origin = options.Origin ?? NewOrigin();
    }

    /// <summary>This process's id, stamped on the events it publishes so that its own events in the log are not read back.</summary>
    public string Origin { get; }

    /// <summary>How many subscriptions are open.</summary>
    public int SubscriberCount => _subscribers.Length;

    /// <summary>How many events could not be appended to the log (a full disk, a removed directory); the feed itself kept them.</summary>
    public long LogFailures => Interlocked.Read(ref _logFailures);

    /// <summary>
    /// Numbers the event, stamps its time (when unset) and origin (when unset: this process), keeps it in the host's
    /// history, hands it to every matching subscriber without waiting, and appends it to the log when it is this
    /// process's own, and hands it to the relay to other hub instances when there is one. Returns at once whatever the
    /// subscribers do.
    /// </summary>
    public void Publish(HostEvent hostEvent) => Publish(hostEvent, relayed: false);

    /// <summary>
    /// An event another hub instance published, brought by the <see cref="IHostEventRelay"/>: published here as
    /// <see cref="Publish"/> does, keeping its origin, and not sent back.
    /// </summary>
    public void PublishRelayed(HostEvent hostEvent) => Publish(hostEvent, relayed: true);

    private void Publish(HostEvent hostEvent, bool relayed)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        lock (_lock)
        {
            var published = hostEvent with
            {
                Sequence = ++_sequence,
                At = hostEvent.At == default ? _time.GetUtcNow() : hostEvent.At,
                Origin = hostEvent.Origin ?? Origin,
            };
            if (_historyPerHost > 0)
            {
                if (!_history.TryGetValue(published.Host, out var history)) _history[published.Host] = history = new Queue<HostEvent>();
                if (history.Count == _historyPerHost) history.Dequeue();
                history.Enqueue(published);
            }
            foreach (var subscriber in _subscribers)
                if (subscriber.Matches(published)) subscriber.Offer(published);
            // Appended under the lock so the log holds this process's events in the order they were numbered.
            if (_log is not null && published.Origin == Origin && !_log.TryAppend(published)) Interlocked.Increment(ref _logFailures);
            if (_relay is not null && !relayed) _relay.Send(published);
        }
    }

    /// <summary>
    /// Subscribes to one host's events, or every host's when <paramref name="host"/> is null. The caller owns the
    /// subscription: cancelling <paramref name="cancellationToken"/> or disposing it frees the subscriber.
    /// </summary>
    public HostEventSubscription Subscribe(string? host, CancellationToken cancellationToken)
    {
        HostEventSubscription subscription;
        lock (_lock)
        {
            // Taken under the same lock as Publish: an event is either in the snapshot or in the changes, never both or neither.
            var snapshot = host is null
                ? _history.Values.SelectMany(h => h).OrderBy(e => e.Sequence).ToList()
                : _history.TryGetValue(host, out var history) ? [.. history] : [];
            subscription = new HostEventSubscription(host, snapshot, _subscriberCapacity, Remove, FlushMissed, cancellationToken);
            _subscribers = _subscribers.Add(subscription);
        }
        // Outside the lock: a token already cancelled runs Dispose (and Remove) right here.
        subscription.Start();
        return subscription;
    }

    private void Remove(HostEventSubscription subscription)
    {
        lock (_lock) _subscribers = _subscribers.Remove(subscription);
    }

    private void FlushMissed(HostEventSubscription subscription)
    {
        // Under the lock so the marker cannot pass an event being offered at the same time.
        lock (_lock) subscription.OfferMissed();
    }

    private static string NewOrigin() =>
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
