namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>The CPUs and memory of the host, as far as a new VM's size is concerned.</summary>
public sealed record HostResources
{
    /// <summary>Logical CPUs (hardware threads): what a vCPU count is measured against.</summary>
    public required int LogicalCpus { get; init; }

    /// <summary>Hardware threads per core (2 with SMT/Hyper-Threading), so "2 cores" can be counted in logical CPUs.</summary>
    public required int ThreadsPerCore { get; init; }

    /// <summary>MemTotal, in bytes; null when <c>proc/meminfo</c> could not be read.</summary>
    public required long? MemoryBytes { get; init; }
}
