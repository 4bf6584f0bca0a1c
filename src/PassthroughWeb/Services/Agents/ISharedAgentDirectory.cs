namespace PassthroughWeb.Services.Agents;

/// <summary>
/// The agents connected to the other hub instances of one fleet (docs/scaling.md): each instance writes its own
/// connections here and reads the others', so a host is online, and reachable through the SignalR backplane, from every
/// instance. <see cref="AgentConnections"/> keeps this instance's connections itself and asks here for the rest.
/// </summary>
public interface ISharedAgentDirectory
{
    void Connected(AgentConnection connection);

    void Reported(AgentConnection connection);

    /// <summary>Removes the host's entry only while it still names <paramref name="connectionId"/> (a newer connection elsewhere stays).</summary>
    void Disconnected(string host, string connectionId);

    /// <summary>The host's connection on another instance, or null; <see cref="AgentConnection.Abort"/> does nothing on it.</summary>
    AgentConnection? Find(string host);
}
