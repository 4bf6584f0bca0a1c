using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>What step 5's checks look at; the caller reads the live domain (state, live XML) and asks the agent.</summary>
public sealed record GuestDriverCheckInput
{
    public required string DomainName { get; init; }

    /// <summary>The state as <c>virsh domstate</c> prints it: "running", "paused", "shut off" ….</summary>
    public required string DomainState { get; init; }

    /// <summary>The card's display function.</summary>
    public required PciDevice Gpu { get; init; }

    /// <summary>Every function of the card (display, audio, USB …) that should be in the VM.</summary>
    public required IReadOnlyList<PciAddress> GpuFunctions { get; init; }

    /// <summary>The PCI source addresses of the &lt;hostdev&gt; elements in the running VM's live XML (<c>virsh dumpxml</c> without --inactive).</summary>
    public required IReadOnlyList<PciAddress> LiveHostdevAddresses { get; init; }

    /// <summary>Whether the live XML hides the hypervisor (kvm hidden on); null when the caller did not look.</summary>
    public bool? HypervisorHidden { get; init; }

    /// <summary>The guest agent's answers; null when it was not asked (e.g. the VM is not running).</summary>
    public GuestAgentAnswers? Agent { get; init; }
}
