using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// The agent's host's events on their way to the hub, kept from the agent's start to its stop rather than per
/// connection: what happens while the hub is away (an apply the hub asked for goes on when the connection drops) is
/// sent, in order, once the agent is connected again. An event whose send failed is the first one sent next time, so
/// none is lost or repeated. Only a hub away for more than the feed's capacity of events (10,000) loses some, and
/// <see cref="Missed"/> counts them (the agent's own history keeps every change regardless).
/// </summary>
public sealed class AgentEventOutbox : IDisposable
{
    private readonly HostEventSubscription _subscription;
    private readonly IAsyncEnumerator<HostEvent> _events;

    /// <summary>A read begun on a connection that ended before an event came: the next connection awaits the same read.</summary>
    private Task<bool>? _next;

    /// <summary>An event read whose send failed: sent before any newer one.</summary>
    private HostEvent? _unsent;

    public AgentEventOutbox(HostEventFeed feed, string host)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _subscription = feed.Subscribe(host, CancellationToken.None);
        _events = _subscription.Changes.GetAsyncEnumerator(CancellationToken.None);
    }

    /// <summary>How many events were dropped because the hub was away while more than the feed holds happened.</summary>
    public long Missed => _subscription.Missed;

    /// <summary>
    /// Sends the events kept so far, then each as it comes, until <paramref name="connectionEnded"/> is cancelled (it then
    /// returns; an event being sent is kept when the send throws, which this passes on).
    /// </summary>
    public async Task SendAsync(Func<HostEvent, CancellationToken, Task> send, CancellationToken connectionEnded)
    {
        ArgumentNullException.ThrowIfNull(send);
        var ended = Task.Delay(Timeout.Infinite, connectionEnded);
        while (!connectionEnded.IsCancellationRequested)
        {
            if (_unsent is null)
            {
                _next ??= _events.MoveNextAsync().AsTask();
                if (await Task.WhenAny(_next, ended).ConfigureAwait(false) == ended) return;
                var more = await _next.ConfigureAwait(false);
                _next = null;
                if (!more) return;
                // The hub marks its own gaps; the count is kept here (Missed).
                if (_events.Current is EventsMissed) continue;
                _unsent = _events.Current;
            }
            await send(_unsent, connectionEnded).ConfigureAwait(false);
            _unsent = null;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
