using StackExchange.Redis;

namespace PassthroughWeb.Web.Scaling;

/// <summary>Whether the Redis server of <c>--redis</c> answers before the app starts listening: a typo fails at once, with words.</summary>
public static class ScaleOutCheck
{
    /// <summary>Null when Redis answered a PING; else why not.</summary>
    public static async Task<string?> ProblemAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        try
        {
            await redis.GetDatabase().PingAsync();
            return null;
        }
        catch (RedisException e)
        {
            return e.Message;
        }
    }
}
