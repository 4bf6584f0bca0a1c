namespace PassthroughWeb.Core.VirtualMachines;

public enum VmFindingSeverity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,

    /// <summary>Something that can break passthrough or surprise the user; the plan goes on.</summary>
    Warning,

    /// <summary>The VM cannot be edited as it is (it is running …): no plan until it is dealt with.</summary>
    Blocking,
}
