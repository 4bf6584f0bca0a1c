using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Web.Agents;
using StackExchange.Redis;

namespace PassthroughWeb.Web.Scaling;

/// <summary>
/// The fleet's connected agents in Redis, one hash per host (<c>passthroughweb:agents:HOST</c>: the connection id, the
/// token, when it connected, and the newest report's steps without its scan). The instance that holds the connection
/// writes it and renews its expiry every third of <see cref="AgentHubSettings.OfflineAfter"/>; another instance reads
/// it. An instance that dies stops renewing, so its hosts go offline everywhere within <c>--agent-timeout</c>, as a
/// silent agent does. A write only replaces the entry it owns (a newer connection on another instance wins).
/// </summary>
public sealed class RedisAgentDirectory(IConnectionMultiplexer redis, AgentHubSettings settings, ILogger<RedisAgentDirectory> logger)
    : BackgroundService, ISharedAgentDirectory
{
    public const string KeyPrefix = "passthroughweb:agents:";

    // ARGV: connection, token, connectedAt, report, expiry (ms), force. Writes when forced (a new connection), when
    // the entry is gone (Redis restarted, or it expired during a pause), or when it is this connection's.
    private const string WriteScript =
        """
        local current = redis.call('HGET', KEYS[1], 'connection')
        if ARGV[6] == '1' or current == false or current == ARGV[1] then
          redis.call('HSET', KEYS[1], 'connection', ARGV[1], 'token', ARGV[2], 'connectedAt', ARGV[3], 'report', ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        return 0
        """;

    private const string RemoveScript =
        """
        if redis.call('HGET', KEYS[1], 'connection') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentConnection> _local = new(StringComparer.Ordinal);

    // Connected and Disconnected wait for Redis (a fraction of a millisecond): the host-online or host-offline event
    // that follows reaches the other instances on another connection, and their pages must find the entry as it says.
    public void Connected(AgentConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate) _local[connection.Host] = connection;
        Write(connection, force: true, CommandFlags.None);
    }

    public void Reported(AgentConnection connection) => Write(connection, force: false, CommandFlags.FireAndForget);

    public void Disconnected(string host, string connectionId)
    {
        lock (_gate)
        {
            if (_local.TryGetValue(host, out var current) && current.ConnectionId == connectionId) _local.Remove(host);
        }
        Try(() => redis.GetDatabase().ScriptEvaluate(RemoveScript, [KeyOf(host)], [connectionId]), host);
    }

    public AgentConnection? Find(string host)
    {
        HashEntry[] entry;
        try
        {
            entry = redis.GetDatabase().HashGetAll(KeyOf(host));
        }
        catch (RedisException e)
        {
            // Without Redis this instance knows only its own agents: the host looks offline here, and the log says why.
            logger.LogWarning(e, "Redis does not answer: {Host} is shown offline unless its agent is connected to this instance", host);
            return null;
        }
        if (entry.Length == 0) return null;
        var fields = entry.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        // No way to close a connection held by another instance: a newer connection replaces this entry instead.
        var connection = new AgentConnection(host, fields["connection"],
            int.Parse(fields["token"], CultureInfo.InvariantCulture),
            new DateTimeOffset(long.Parse(fields["connectedAt"], CultureInfo.InvariantCulture), TimeSpan.Zero), abort: () => { });
        if (fields.GetValueOrDefault("report") is { Length: > 0 } report) connection.LastReport = JsonSerializer.Deserialize<AgentReport>(report, JsonSerializerOptions.Web);
        return connection;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.OfflineAfter / 3);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            AgentConnection[] local;
            lock (_gate) local = [.. _local.Values];
            foreach (var connection in local) Write(connection, force: false, CommandFlags.FireAndForget);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean stop takes its hosts offline at once; their agents reconnect to another instance.
        AgentConnection[] local;
        lock (_gate) local = [.. _local.Values];
        foreach (var connection in local) Disconnected(connection.Host, connection.ConnectionId);
    }

    private void Write(AgentConnection connection, bool force, CommandFlags flags)
    {
        // The steps are what other instances show; the scan itself is in the database.
        var report = connection.LastReport is { } last ? JsonSerializer.Serialize(last with { ProfileJson = "" }, JsonSerializerOptions.Web) : "";
        Try(() => redis.GetDatabase().ScriptEvaluate(WriteScript, [KeyOf(connection.Host)],
        [
            connection.ConnectionId, connection.TokenId, connection.ConnectedAt.UtcTicks, report,
            (long)settings.OfflineAfter.TotalMilliseconds, force ? "1" : "0",
        ], flags), connection.Host);
    }

    private void Try(Action write, string host)
    {
        try
        {
            write();
        }
        catch (RedisException e)
        {
            // The renewal every few seconds writes it again once Redis is back.
            logger.LogWarning(e, "Redis does not answer: the other hub instances do not see the agent of {Host} for now", host);
        }
    }

    private static RedisKey KeyOf(string host) => KeyPrefix + host;
}
