using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Events;

/// <summary>One line a running command wrote, as it came.</summary>
public sealed record CommandOutput : HostEvent
{
    /// <summary>The command as a user would type it (<see cref="CommandRequest.Display"/>).</summary>
    public required string Command { get; init; }

    public required CommandOutputStream Stream { get; init; }

    /// <summary>The line without its line break.</summary>
    public required string Line { get; init; }
}
