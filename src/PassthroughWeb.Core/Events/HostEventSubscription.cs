using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PassthroughWeb.Core.Events;

/// <summary>
/// What one subscriber sees: <see cref="Snapshot"/>, then <see cref="Changes"/>, every event after the snapshot in
/// order, with no gap and no repeat between the two. The caller owns it: cancelling the token given to
/// <see cref="HostEventFeed.Subscribe"/> or disposing it ends the changes and frees the subscriber.
/// </summary>
public sealed class HostEventSubscription : IDisposable
{
    private readonly Channel<HostEvent> _channel;
    private readonly Action<HostEventSubscription> _remove;
    private readonly Action<HostEventSubscription> _flush;
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private long _missed;
    private long _pendingMissed;
    private long _lastMissedSequence;
    private DateTimeOffset _lastMissedAt;

    internal HostEventSubscription(string? host, IReadOnlyList<HostEvent> snapshot, int capacity,
        Action<HostEventSubscription> remove, Action<HostEventSubscription> flush, CancellationToken cancellationToken)
    {
        Host = host;
        Snapshot = snapshot;
        // One writer (the feed, under its lock); TryWrite fails when full, which is how an overflow is noticed.
        _channel = Channel.CreateBounded<HostEvent>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _remove = remove;
        _flush = flush;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The host subscribed to, or null for every host.</summary>
    public string? Host { get; }

    /// <summary>The latest events (of the host, or of all hosts) when the subscription began, oldest first.</summary>
    public IReadOnlyList<HostEvent> Snapshot { get; }

    /// <summary>
    /// The events published after the snapshot, as they come. When this subscriber fell behind by more than its
    /// capacity, an <see cref="EventsMissed"/> stands where events were dropped. Enumerate it once.
    /// </summary>
    public IAsyncEnumerable<HostEvent> Changes => ReadAsync(CancellationToken.None);

    /// <summary>How many events were dropped for this subscriber in all, because it read too slowly.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    internal bool Matches(HostEvent hostEvent) => Host is null || string.Equals(Host, hostEvent.Host, StringComparison.Ordinal);

    internal void Start() =>
        _registration = _cancellationToken.Register(static state => ((HostEventSubscription)state!).Dispose(), this);

    /// <summary>Called by the feed under its lock, so writes are in sequence order and never concurrent.</summary>
    internal void Offer(HostEvent hostEvent)
    {
        if (!OfferMissed() || !_channel.Writer.TryWrite(hostEvent))
        {
            Volatile.Write(ref _pendingMissed, _pendingMissed + 1);
            _lastMissedSequence = hostEvent.Sequence;
            _lastMissedAt = hostEvent.At;
            Interlocked.Increment(ref _missed);
        }
    }

    /// <summary>
    /// Writes the marker for the events dropped since the last one, if any; false when there is still no room for it.
    /// Called by the feed under its lock.
    /// </summary>
    internal bool OfferMissed()
    {
        if (_pendingMissed == 0) return true;
        var missed = new EventsMissed { Host = Host ?? "*", At = _lastMissedAt, Sequence = _lastMissedSequence, Count = _pendingMissed };
        if (!_channel.Writer.TryWrite(missed)) return false;
        Volatile.Write(ref _pendingMissed, 0);
        return true;
    }

    private async IAsyncEnumerable<HostEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellationToken);
        while (true)
        {
            try
            {
                if (!await _channel.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false)) yield break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The subscription's own token ends the stream quietly: that is how its owner says it is done.
                yield break;
            }
            while (_channel.Reader.TryRead(out var hostEvent)) yield return hostEvent;
            // Drained: the marker of what was dropped meanwhile goes in now, not only before the next event published.
            if (Volatile.Read(ref _pendingMissed) > 0) _flush(this);
        }
    }

    /// <summary>Ends the changes and frees the subscriber. Safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        _remove(this);
        _channel.Writer.TryComplete();
        // Disposing the registration from its own callback would wait for itself; Unregister does not.
        _registration.Unregister();
    }
}
