namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>One defined domain and its state, as the VM list shows it.</summary>
public sealed record DomainSummary
{
    public required string Name { get; init; }
    public required DomainState State { get; init; }
}
