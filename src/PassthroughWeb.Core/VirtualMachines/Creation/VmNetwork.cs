namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>Where the new VM's network card is plugged in: a libvirt network by name, or a host bridge by name.</summary>
public sealed record VmNetwork
{
    public required NetworkKind Kind { get; init; }
    public required string Name { get; init; }

    /// <summary>libvirt's NAT network, the guide's (and virt-manager's) default.</summary>
    public static VmNetwork DefaultNat { get; } = new() { Kind = NetworkKind.LibvirtNetwork, Name = "default" };

    public static VmNetwork HostBridge(string name) => new() { Kind = NetworkKind.Bridge, Name = name };

    public override string ToString() => Kind == NetworkKind.Bridge ? $"host bridge '{Name}'" : $"libvirt network '{Name}'";
}
