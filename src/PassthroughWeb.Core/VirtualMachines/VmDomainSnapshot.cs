namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>What libvirt said about the chosen VM and the others when the plan was made: the planner's whole view of libvirt.</summary>
public sealed record VmDomainSnapshot
{
    /// <summary><c>virsh dumpxml --inactive</c> of the chosen VM: the definition an edit changes.</summary>
    public required string InactiveXml { get; init; }

    public required DomainState State { get; init; }

    /// <summary>The other defined domains (their inactive XML read), to find a card already given to another VM.</summary>
    public required IReadOnlyList<DomainDefinition> OtherDomains { get; init; }
}
