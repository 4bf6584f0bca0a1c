namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>A libvirt virtual network and whether it is started.</summary>
public sealed record VirtualNetwork
{
    public required string Name { get; init; }
    public required bool Active { get; init; }
}
