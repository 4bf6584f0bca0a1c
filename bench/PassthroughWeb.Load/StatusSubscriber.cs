using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using PassthroughWeb.Web.Live;

namespace PassthroughWeb.Load;

/// <summary>
/// A client of the status hub, as <c>watch</c> is: it streams every host's events from <c>/hubs/status</c> and notes,
/// for each simulated status change, when it arrived against when the agent sent it.
/// </summary>
public sealed class StatusSubscriber : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Arrival> _arrivals = [];
    private Task? _reading;
    private int _missed;

    public StatusSubscriber(Uri baseAddress, string token)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, StatusHub.Path.TrimStart('/')), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            })
            .Build();
    }

    /// <summary>A status change as it reached this client: the host, when the agent sent it, when it arrived.</summary>
    public readonly record struct Arrival(string Host, DateTimeOffset SentAt, DateTimeOffset ArrivedAt)
    {
        public TimeSpan Delay => ArrivedAt - SentAt;
    }

    /// <summary>How many times the hub said this client missed events (its buffer overflowed).</summary>
    public int Missed => Volatile.Read(ref _missed);

    public async Task StartAsync(CancellationToken ct)
    {
        await _connection.StartAsync(ct);
        var feedId = await _connection.InvokeAsync<string>(nameof(StatusHub.FeedId), ct);
        var stream = _connection.StreamAsync<JsonElement>(nameof(StatusHub.Watch), null, feedId, 0L, _stop.Token);
        _reading = ReadAsync(stream);
    }

    /// <summary>The status changes that arrived, sent from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public IReadOnlyList<Arrival> Arrivals(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate) return [.. _arrivals.Where(a => a.SentAt >= from && a.SentAt < to)];
    }

    private async Task ReadAsync(IAsyncEnumerable<JsonElement> stream)
    {
        try
        {
            await foreach (var element in stream)
            {
                var arrivedAt = DateTimeOffset.UtcNow;
                var type = element.GetProperty("type").GetString();
                if (type == "events-missed") Interlocked.Increment(ref _missed);
                if (type is not ("host-busy" or "host-idle")) continue;
                if (!element.TryGetProperty("user", out var user) || user.GetString() != SimulatedAgent.ChangedBy) continue;
                var arrival = new Arrival(element.GetProperty("host").GetString() ?? "", element.GetProperty("at").GetDateTimeOffset(), arrivedAt);
                lock (_gate) _arrivals.Add(arrival);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null)
        {
            try
            {
                await _reading;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException or Microsoft.AspNetCore.SignalR.HubException)
            {
                // The stream ended with the connection.
            }
        }
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
