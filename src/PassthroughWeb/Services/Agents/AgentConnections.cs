using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// The registry of live agent connections: a host is online while its agent is connected. One connection per host:
/// a newer one (the agent after a reboot, while the old TCP connection has not timed out yet) replaces and closes the
/// older. Going online and offline is published on the host's feed as <see cref="HostOnline"/> and <see cref="HostOffline"/>.
/// With several hub instances, <paramref name="shared"/> holds the other instances' connections: a host connected
/// there is online here too, and <see cref="Find"/> gives its connection, which the SignalR backplane reaches.
/// <see cref="All"/> is this instance's own.
/// </summary>
public sealed class AgentConnections(IHostEventPublisher events, TimeProvider time, ISharedAgentDirectory? shared = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentConnection> _byHost = new(StringComparer.Ordinal);

    /// <summary>Registers a connection that has just authenticated with <paramref name="tokenId"/> for <paramref name="host"/>.</summary>
    public AgentConnection Connect(string host, string connectionId, int tokenId, Action abort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var connection = new AgentConnection(host, connectionId, tokenId, time.GetUtcNow(), abort);
        AgentConnection? replaced;
        lock (_gate)
        {
            _byHost.TryGetValue(host, out replaced);
            _byHost[host] = connection;
        }
        shared?.Connected(connection);
        // Outside the lock: aborting runs SignalR's code, which may call back into Disconnect.
        if (replaced is null) events.Publish(new HostOnline { Host = host });
        else replaced.Abort();
        return connection;
    }

    /// <summary>
    /// The connection ended. True when the host is offline now (it was the host's current connection); false for a
    /// connection a newer one had replaced, here or on another hub instance.
    /// </summary>
    public bool Disconnect(string host, string connectionId)
    {
        lock (_gate)
        {
            if (!_byHost.TryGetValue(host, out var current) || current.ConnectionId != connectionId) return false;
            _byHost.Remove(host);
        }
        shared?.Disconnected(host, connectionId);
        // The agent may have reconnected to another instance before this old connection timed out: it is not offline.
        if (shared?.Find(host) is not null) return false;
        events.Publish(new HostOffline { Host = host });
        return true;
    }

    /// <summary>Keeps the report with the connection it came on (the hosts list shows its steps while the host is online).</summary>
    public void Reported(string host, string connectionId, AgentReport report)
    {
        AgentConnection? reported = null;
        lock (_gate)
        {
            if (_byHost.TryGetValue(host, out var current) && current.ConnectionId == connectionId)
            {
                current.LastReport = report;
                reported = current;
            }
        }
        if (reported is not null) shared?.Reported(reported);
    }

    public bool IsOnline(string host) => Find(host) is not null;

    /// <summary>The host's live connection (on this instance, else on another), or null when it is offline.</summary>
    public AgentConnection? Find(string host)
    {
        lock (_gate)
        {
            if (_byHost.TryGetValue(host, out var local)) return local;
        }
        return shared?.Find(host);
    }

    /// <summary>Every live connection.</summary>
    public IReadOnlyList<AgentConnection> All
    {
        get
        {
            lock (_gate) return [.. _byHost.Values];
        }
    }

    /// <summary>
    /// Closes every connection whose token is among <paramref name="checkedTokenIds"/> but not among
    /// <paramref name="activeTokenIds"/> (revoked or expired since it connected) and takes its host offline at once;
    /// returns the hosts it closed. A connection whose token was not checked (it connected while the check ran) stays:
    /// its token authenticated a moment ago, and the next check looks at it.
    /// </summary>
    public IReadOnlyList<string> DropRevoked(IReadOnlySet<int> checkedTokenIds, IReadOnlySet<int> activeTokenIds)
    {
        ArgumentNullException.ThrowIfNull(checkedTokenIds);
        ArgumentNullException.ThrowIfNull(activeTokenIds);
        List<AgentConnection> revoked;
        lock (_gate)
        {
            revoked = [.. _byHost.Values.Where(c => checkedTokenIds.Contains(c.TokenId) && !activeTokenIds.Contains(c.TokenId))];
            foreach (var connection in revoked) _byHost.Remove(connection.Host);
        }
        foreach (var connection in revoked)
        {
            shared?.Disconnected(connection.Host, connection.ConnectionId);
            connection.Abort();
            events.Publish(new HostOffline { Host = connection.Host });
        }
        return [.. revoked.Select(c => c.Host)];
    }
}
