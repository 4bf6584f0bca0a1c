using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What the guest must show for the plan to be right: taken from the plan of steps 2 and 3.</summary>
public sealed record RehearsalExpectation
{
    /// <summary>Parameters the guest's /proc/cmdline must hold (step 2's).</summary>
    public IReadOnlyList<string> KernelParameters { get; init; } = [];

    /// <summary>Parameters it must not hold.</summary>
    public IReadOnlyList<string> ForbiddenParameters { get; init; } = [];

    /// <summary>The functions that must end on vfio-pci (step 3's).</summary>
    public IReadOnlyList<PciAddress> PassedFunctions { get; init; } = [];

    /// <summary>The modules the image must load (kernel names: vfio_pci …); built-in ones are left out.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Passed functions QEMU cannot stand in for (a real card's ID): their binding is not rehearsed.</summary>
    public IReadOnlyList<PciAddress> NotEmulated { get; init; } = [];

    /// <summary>Step 3 binds by address: its script must run before udev and report no error.</summary>
    public bool BindsByAddress { get; init; }

    /// <summary>What the plan promises, for the kernel the rehearsal boots (modules built into it are not loaded, and need not be).</summary>
    public static RehearsalExpectation From(HostChangePlanResult plan, InstalledKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(kernel);
        var expectations = plan.Expectations;
        var modules = (plan.Initramfs?.Expectation.Modules ?? [])
            .Select(ModuleNames.Normalize)
            .Where(m => !kernel.IsBuiltin(m) && (!kernel.HasModuleList || kernel.Knows(m)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new RehearsalExpectation
        {
            KernelParameters = expectations?.KernelParameters ?? [],
            ForbiddenParameters = expectations?.ForbiddenParameters ?? [],
            PassedFunctions = expectations?.PassedFunctions ?? [],
            Modules = modules,
            BindsByAddress = plan.Binding?.Method == BindingMethod.ByAddress,
        };
    }
}
