namespace PassthroughWeb.Data;

/// <summary>How the app learns about a host. Stored by name.</summary>
public enum HostSource
{
    /// <summary>Read by this app from a root on its own machine (<c>/</c>, a copy of a host, or the demo workstation).</summary>
    Local,

    /// <summary>Reported by the agent running on that host, connected to this app as its hub.</summary>
    Agent,

    /// <summary>Built from a listing a user imported (<c>lspci -nnk</c> output and the like): read-only, nothing can be applied.</summary>
    Import,
}
