namespace PassthroughWeb.Configuration;

/// <summary>How the web app is started (from <c>serve</c>, or no verb at all).</summary>
public sealed record ServeOptions
{
    /// <summary>Where to listen; default <c>http://0.0.0.0:5080</c> so browsers on the LAN reach it.</summary>
    public string Urls { get; init; } = "http://0.0.0.0:5080";

    /// <summary>The data directory, already resolved by <see cref="DataDirectory.Resolve"/>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The host root to scan (default <c>/</c>).</summary>
    public string Root { get; init; } = "/";

    /// <summary>Add the "Sample workstation" host built from the guide's hardware.</summary>
    public bool Demo { get; init; }

    /// <summary>The libvirt connection steps 4 and 5 use (<c>virsh -c URI</c>) as <c>--connect</c> named it; null: qemu:///system, not named (a copy of a host then never changes it).</summary>
    public string? LibvirtConnection { get; init; }

    /// <summary>Run programs in the host's namespaces through nsenter (the container case).</summary>
    public bool UseNsenter { get; init; }
}
