using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>Step 3's plan for one card: how it is bound and why, what changes, and what the initramfs must carry.</summary>
public sealed record VfioBindingPlan
{
    /// <summary>The card's display function.</summary>
    public required PciAddress Gpu { get; init; }

    /// <summary>Every function of the card's slot, all bound together.</summary>
    public required IReadOnlyList<PciAddress> Functions { get; init; }

    public required BindingMethod Method { get; init; }

    /// <summary>Why this method, in words: which IDs are unique, or which other devices share them.</summary>
    public required string MethodExplanation { get; init; }

    /// <summary>The addresses bound at boot with their expected IDs; empty when binding by ID.</summary>
    public required IReadOnlyList<AddressBinding> AddressBindings { get; init; }

    /// <summary>The modules that would claim a function, each loaded after vfio-pci.</summary>
    public required IReadOnlyList<string> Drivers { get; init; }

    /// <summary>Kernel parameters this step needs (<c>vfio-pci.ids=…</c> when vfio-pci is built into the kernel); the boot loader step adds them.</summary>
    public required IReadOnlyList<string> KernelParameters { get; init; }

    /// <summary>vfio-pci is built into the kernel, so modprobe.d options do not reach it.</summary>
    public required bool VfioBuiltin { get; init; }

    public required IsolationSafetyReport Safety { get; init; }

    /// <summary>What is wrong in the modprobe.d files as they are now (before the plan).</summary>
    public required IReadOnlyList<ModprobeFinding> Findings { get; init; }

    /// <summary>The change to apply; null when the card is refused.</summary>
    public ChangePlan? Changes { get; init; }

    /// <summary>What every initramfs system must put in the image; null when the card is refused.</summary>
    public InitramfsPayload? Payload { get; init; }

    public bool IsRefused => Safety.IsRefused;
}
