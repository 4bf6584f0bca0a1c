namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Why a CPU does not report hardware virtualization, and what to do, said one way by every door. On bare metal the
/// firmware setup has it switched off; inside a virtual machine the firmware advice would be wrong (there is no setup
/// to enter): the outer hypervisor does not expose nested virtualization to this guest.
/// </summary>
public static class MissingVirtualization
{
    /// <summary>VT-x, AMD-V, or the generic words when the vendor is unknown.</summary>
    public static string NameOf(CpuVendor vendor) => vendor switch
    {
        CpuVendor.Intel => "VT-x (vmx)",
        CpuVendor.Amd => "AMD-V (svm)",
        _ => "hardware virtualization",
    };

    /// <summary>The sentence for <paramref name="cpu"/>; null when it reports virtualization.</summary>
    public static string? Explain(CpuInfo cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (cpu.Virtualization) return null;
        var name = NameOf(cpu.Vendor);
        if (cpu.Hypervisor)
        {
            var module = cpu.Vendor == CpuVendor.Amd ? "kvm_amd" : cpu.Vendor == CpuVendor.Intel ? "kvm_intel" : "kvm_intel or kvm_amd";
            return $"This host is a virtual machine whose hypervisor does not pass {name} through, so it cannot run a KVM guest at all. " +
                   $"Turn on nested virtualization for this VM on the outer host (for KVM: the {module} module's nested=1 and the VM's CPU model host-passthrough), " +
                   "or run PassthroughWeb on the physical host.";
        }
        return $"The CPU does not report {name}: turn on \"Intel Virtualization Technology\" or \"SVM Mode\" in the firmware setup (or this CPU lacks it). " +
               "Without it KVM cannot run a guest.";
    }
}
