using PassthroughWeb.Core.Events;
using StackExchange.Redis;

namespace PassthroughWeb.Web.Scaling;

/// <summary>
/// The host event feeds of several hub instances made one: every event an instance publishes goes out on the Redis
/// channel <c>passthroughweb:events</c> (fire and forget, in order), and every event another instance sent there is
/// published on this instance's feed with its origin kept, so its pages, <c>/hubs/status</c> and <c>watch</c> see it.
/// Each message starts with the sending instance's id, so an instance skips its own.
/// </summary>
public sealed class RedisHostEventRelay(IConnectionMultiplexer redis, IServiceProvider services, ILogger<RedisHostEventRelay> logger)
    : IHostEventRelay, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("passthroughweb:events");

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private ChannelMessageQueue? _queue;

    public void Send(HostEvent published)
    {
        try
        {
            redis.GetSubscriber().Publish(Channel, _instance + "\n" + HostEventJson.Serialize(published), CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Redis does not answer: the other hub instances miss a {Type} event of {Host}", HostEventJson.TypeNameOf(published), published.Host);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the feed itself is built with this relay.
        var feed = services.GetRequiredService<HostEventFeed>();
        // A queue, not a handler: a handler may run concurrently, and a host's events must arrive in their order.
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        _queue.OnMessage(message =>
        {
            var text = message.Message.ToString();
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split < 0 || text.AsSpan(0, split).SequenceEqual(_instance)) return;
            if (HostEventJson.Deserialize(text[(split + 1)..]) is { } relayed) feed.PublishRelayed(relayed with { Sequence = 0 });
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }
}
