namespace PassthroughWeb.Web.Live;

/// <summary>What <see cref="StatusHub"/> may call on its clients. The feed itself comes as a stream (<see cref="StatusHub.Watch"/>); this says why a stream ended.</summary>
public interface IStatusClient
{
    /// <summary>The server is stopping: reconnect (with back-off) and watch again.</summary>
    Task ServerStopping(string message);
}
