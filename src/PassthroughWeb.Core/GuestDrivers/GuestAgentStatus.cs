namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>How a question to the QEMU guest agent through libvirt ended.</summary>
public enum GuestAgentStatus
{
    /// <summary>The agent answered and the answer was read.</summary>
    Answered,

    /// <summary>virsh is not installed on this machine.</summary>
    VirshMissing,

    /// <summary>virsh could not connect to libvirt at the URI.</summary>
    LibvirtUnreachable,

    /// <summary>The URI reaches a libvirt driver that cannot talk to guest agents (not qemu://).</summary>
    NotQemuConnection,

    DomainNotFound,
    DomainNotRunning,

    /// <summary>The VM has no guest-agent channel in its XML.</summary>
    AgentNotConfigured,

    /// <summary>The VM has the channel but no agent answers on it (not installed, not started, or the guest still booting).</summary>
    AgentNotAnswering,

    /// <summary>The agent answered that it does not offer this command (unknown, or disabled on this guest OS).</summary>
    CommandUnsupported,

    /// <summary>Anything else: the explanation and the detail say what.</summary>
    Failed,
}
