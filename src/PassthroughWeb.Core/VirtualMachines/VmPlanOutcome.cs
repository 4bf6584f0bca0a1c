namespace PassthroughWeb.Core.VirtualMachines;

public enum VmPlanOutcome
{
    /// <summary>A plan (possibly empty: the VM already has everything).</summary>
    Planned,

    /// <summary>A blocking finding keeps the VM from being edited now (it is running …): see the findings.</summary>
    Refused,

    /// <summary>Bad input or libvirt unreachable: the message says what is wrong; nothing changes.</summary>
    Error,
}
