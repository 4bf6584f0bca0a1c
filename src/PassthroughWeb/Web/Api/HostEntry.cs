namespace PassthroughWeb.Web.Api;

/// <summary>One host in <c>GET /api/hosts</c>: what a script needs to pick a host and a card.</summary>
public sealed record HostEntry
{
    public required string Name { get; init; }

    /// <summary>
    /// Whether the host answers now. The app reads every host it knows from a root on this machine (the host itself, the
    /// demo's copy), so each is online; hosts reached through an agent will report theirs.
    /// </summary>
    public required bool Online { get; init; }

    /// <summary>When the newest profile was taken.</summary>
    public required DateTimeOffset LastScan { get; init; }

    /// <summary><c>local</c> (scanned from a root on this machine) or <c>demo</c> (the sample workstation of <c>serve --demo</c>).</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<HostGpuEntry> Gpus { get; init; }

    /// <summary>
    /// The newest profile contradicts what the applied steps stand on (a card moved slot, the IOMMU groups changed …):
    /// <c>GET /api/hosts/{name}/profile</c> says how in its <c>drift</c>.
    /// </summary>
    public bool Drifted { get; init; }
}
