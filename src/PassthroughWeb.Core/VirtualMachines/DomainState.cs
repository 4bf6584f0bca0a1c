namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>A libvirt domain's state, as <c>virsh domstate</c> names it.</summary>
public enum DomainState
{
    ShutOff,
    Running,

    /// <summary>"idle": running but blocked on a resource.</summary>
    Blocked,
    Paused,

    /// <summary>"in shutdown": the guest was asked to shut down and has not finished.</summary>
    ShuttingDown,
    Crashed,

    /// <summary>"pmsuspended": suspended by guest power management.</summary>
    Suspended,
    Unknown,
}
