using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Web.Agents;

namespace PassthroughWeb.Load;

/// <summary>
/// One agent as the hub sees it: a SignalR connection to <c>/hubs/agents</c> with the host's agent token, the same
/// keep-alive as the real agent (its heartbeat: a ping every <see cref="AgentHubSettings.AgentKeepAlive"/> when it sends
/// nothing else), its report at the connect, and its status changes as the real agent forwards its feed: one
/// <see cref="AgentHub.Publish"/> per event.
/// </summary>
public sealed class SimulatedAgent : IAsyncDisposable
{
    /// <summary>The user the simulated changes are made by, as a change asked through the hub records it: the watchers pick them out by it.</summary>
    public const string ChangedBy = "load via hub";

    private readonly HubConnection _connection;
    private bool _busy;
    private volatile bool _stopping;
    private int _lost;

    public SimulatedAgent(Uri hub, string hostName, string token)
    {
        HostName = hostName;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, AgentHub.Path.TrimStart('/')), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            })
            .Build();
        // As AgentCommand sets them: the hub takes a host offline after its --agent-timeout without a word from it.
        _connection.KeepAliveInterval = AgentHubSettings.AgentKeepAlive;
        _connection.ServerTimeout = TimeSpan.FromSeconds(30);
        _connection.On<string>(nameof(IAgentClient.Revoked), _ => { });
        _connection.Closed += _ =>
        {
            if (!_stopping) Interlocked.Increment(ref _lost);
            return Task.CompletedTask;
        };
    }

    public string HostName { get; }

    /// <summary>How many times the connection closed other than by <see cref="DisposeAsync"/>.</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Connects and reports; throws with the hub's reason when it refuses the report.</summary>
    public async Task ConnectAsync(AgentReport report, CancellationToken ct)
    {
        await _connection.StartAsync(ct);
        if (await _connection.InvokeAsync<string?>(nameof(AgentHub.Report), report, ct) is { } refusal)
            throw new InvalidOperationException($"The hub refused the report of {HostName}: {refusal}");
    }

    /// <summary>
    /// The host becomes busy (a change set starts) or idle again, alternately, stamped with the moment it is sent:
    /// a watcher's delay is its arrival minus that stamp, <paramref name="now"/>.
    /// </summary>
    public Task ChangeStatusAsync(DateTimeOffset now, CancellationToken ct)
    {
        _busy = !_busy;
        HostEvent change = _busy
            ? new HostBusy { Host = HostName, At = now, User = ChangedBy, What = "applying steps host,isolate", By = ChangedBy, Since = now }
            : new HostIdle { Host = HostName, At = now, User = ChangedBy };
        return _connection.SendAsync(nameof(AgentHub.Publish), HostEventJson.Serialize(change), ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _connection.DisposeAsync();
    }
}
