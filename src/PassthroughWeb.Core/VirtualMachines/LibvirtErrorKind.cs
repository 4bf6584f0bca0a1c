namespace PassthroughWeb.Core.VirtualMachines;

public enum LibvirtErrorKind
{
    /// <summary>virsh is not installed (the program did not start).</summary>
    VirshMissing,

    /// <summary>No libvirtd answers at the connection URI.</summary>
    NotReachable,

    /// <summary>The named domain is not defined at the connection URI.</summary>
    DomainNotFound,

    /// <summary>virsh did not finish in time.</summary>
    TimedOut,

    /// <summary>libvirt refused the request (invalid XML, wrong state …): the detail says why.</summary>
    Failed,
}
