using Microsoft.AspNetCore.DataProtection;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Agents;
using StackExchange.Redis;

namespace PassthroughWeb.Web.Scaling;

/// <summary>
/// What several hub instances share through Redis (<c>serve --redis</c>, docs/scaling.md), in one place: the SignalR
/// backplane of <c>/hubs/status</c> and <c>/hubs/agents</c> (a message or a client result for a connection on another
/// instance goes through it), the host event feed (<see cref="RedisHostEventRelay"/>), the connected agents
/// (<see cref="RedisAgentDirectory"/>), and the Data Protection keys, so a sign-in cookie or a form made by one
/// instance is read by the others. The tables are shared through PostgreSQL (<c>--database</c>).
/// </summary>
public static class ScaleOut
{
    public const string ChannelPrefix = "passthroughweb";

    public const string DataProtectionKey = "passthroughweb:data-protection-keys";

    /// <summary>Parses <c>--redis</c> (<c>HOST:PORT</c>, or StackExchange.Redis's configuration string); throws <see cref="ArgumentException"/> with a message.</summary>
    public static ConfigurationOptions Configuration(string redis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redis);
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(redis.Trim());
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{redis}' is not a Redis address: give HOST:PORT (e.g. redis:6379), optionally followed by ,password=… ({e.Message})", nameof(redis), e);
        }
        if (configuration.EndPoints.Count == 0) throw new ArgumentException($"'{redis}' names no Redis server: give HOST:PORT (e.g. redis:6379).", nameof(redis));
        // Started before Redis, or through an outage, the instance keeps trying in the background instead of failing.
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = "passthroughweb";
        return configuration;
    }

    /// <summary>Registers the shared parts on <paramref name="services"/> and returns the connection (the container disposes it).</summary>
    public static IConnectionMultiplexer AddRedisScaleOut(this IServiceCollection services, IDataProtectionBuilder dataProtection, string redis)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataProtection);
        var multiplexer = ConnectionMultiplexer.Connect(Configuration(redis));
        services.AddSingleton<IConnectionMultiplexer>(_ => multiplexer);
        dataProtection.PersistKeysToStackExchangeRedis(multiplexer, DataProtectionKey);
        services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix);
            options.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(multiplexer);
        });
        services.AddSingleton<RedisHostEventRelay>();
        services.AddSingleton<IHostEventRelay>(provider => provider.GetRequiredService<RedisHostEventRelay>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisHostEventRelay>());
        services.AddSingleton<RedisAgentDirectory>();
        services.AddSingleton<ISharedAgentDirectory>(provider => provider.GetRequiredService<RedisAgentDirectory>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisAgentDirectory>());
        return multiplexer;
    }
}
