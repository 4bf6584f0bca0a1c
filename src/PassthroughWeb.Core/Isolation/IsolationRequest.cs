using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>What the user asked step 3 to isolate.</summary>
public sealed record IsolationRequest
{
    /// <summary>The display function of the card to pass (any function of its slot is accepted).</summary>
    public required PciAddress Gpu { get; init; }

    /// <summary>
    /// The user read what single-GPU mode means (the host has no display while the VM runs) and chose it: only
    /// then may the boot display or the host's only GPU be isolated.
    /// </summary>
    public bool SingleGpuChosen { get; init; }
}
