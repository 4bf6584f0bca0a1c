namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>Reads and names <see cref="DomainState"/> values.</summary>
public static class DomainStates
{
    /// <summary>Parses the first line of <c>virsh domstate</c> ("shut off", "running", "in shutdown" …).</summary>
    public static DomainState Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Split('\n')[0].Trim();
        // "domstate --reason" appends " (reason)".
        var paren = line.IndexOf(" (", StringComparison.Ordinal);
        if (paren >= 0) line = line[..paren];
        return line switch
        {
            "shut off" => DomainState.ShutOff,
            "running" => DomainState.Running,
            "idle" => DomainState.Blocked,
            "paused" => DomainState.Paused,
            "in shutdown" => DomainState.ShuttingDown,
            "crashed" => DomainState.Crashed,
            "pmsuspended" => DomainState.Suspended,
            _ => DomainState.Unknown,
        };
    }

    public static string Describe(DomainState state) => state switch
    {
        DomainState.ShutOff => "shut off",
        DomainState.Running => "running",
        DomainState.Blocked => "running (idle)",
        DomainState.Paused => "paused",
        DomainState.ShuttingDown => "shutting down",
        DomainState.Crashed => "crashed",
        DomainState.Suspended => "suspended by the guest",
        _ => "in an unknown state",
    };
}
