namespace PassthroughWeb.Web.Api;

/// <summary>A graphics card of a host in <c>GET /api/hosts</c>, with the verdict the scan gave it (as in <c>scan --json</c>).</summary>
public sealed record HostGpuEntry
{
    /// <summary>The card's PCI address, as <c>gpu</c> in a plan request takes it.</summary>
    public required string Address { get; init; }

    public required string Name { get; init; }

    /// <summary><c>ready</c>, <c>shared-group</c> or <c>blocked</c>.</summary>
    public required string Verdict { get; init; }
}
