using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Services.Vm;

/// <summary>
/// Step 4's view of a host's libvirt: its VMs (or libvirt's error), the connection they were read from, and where the
/// step's changes go. For an agent's host all three are the agent's: its own libvirt on that host, never this app's.
/// </summary>
public sealed record VmListing
{
    public required LibvirtResult<IReadOnlyList<DomainSummary>> Vms { get; init; }

    /// <summary>The libvirt URI the VMs were read from; empty when an agent could not say (offline, no answer).</summary>
    public required string Connection { get; init; }

    /// <summary>Whether step 4's changes reach <see cref="Connection"/> (false on a copy of a host with no libvirt named).</summary>
    public required bool ChangesLibvirt { get; init; }

    /// <summary>Where step 4's changes go, or why they are only listed, in one sentence.</summary>
    public required string Target { get; init; }
}
