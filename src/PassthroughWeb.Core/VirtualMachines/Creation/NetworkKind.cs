namespace PassthroughWeb.Core.VirtualMachines.Creation;

public enum NetworkKind
{
    /// <summary>A libvirt virtual network (the NAT network <c>default</c>): the guest reaches out, the LAN does not see it.</summary>
    LibvirtNetwork,

    /// <summary>A Linux bridge on the host (<c>br0</c>): the guest sits on the LAN like another machine.</summary>
    Bridge,
}
