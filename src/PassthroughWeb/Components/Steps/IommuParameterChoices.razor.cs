using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// Step 2's parameters for the CPU, and each optional extra as a choice with its explanation (and the ACS override's
/// warning) shown before it is chosen, so the user decides knowing what it does.
/// </summary>
public partial class IommuParameterChoices
{
    [Parameter, EditorRequired] public required CpuVendor Vendor { get; set; }

    [Parameter, EditorRequired] public required StepChoices Choices { get; set; }

    [Parameter] public EventCallback<StepChoices> ChoicesChanged { get; set; }

    /// <summary>The parameters the planner settled on, with its notes on choices it did not honour.</summary>
    [Parameter] public IommuParameterSet? Planned { get; set; }

    /// <summary>The chosen card is the boot display, as the scan says.</summary>
    [Parameter] public bool BootGpuChosenByScan { get; set; }

    [Parameter] public bool Disabled { get; set; }

    /// <summary>The scan found a graphics card (default true); without one the boot-display extra has nothing to be about and is not offered.</summary>
    [Parameter] public bool HostHasGpu { get; set; } = true;

    private IommuParameterSet Everything { get; set; } = new() { Wanted = [] };

    private string VendorName => Vendor switch
    {
        CpuVendor.Intel => "Intel",
        CpuVendor.Amd => "AMD",
        _ => "unknown",
    };

    private IReadOnlyList<WantedParameter> Required => [.. Everything.Wanted.Where(w => !w.IsExtra)];

    private IReadOnlyList<WantedParameter> BootGpuExtras => [.. Everything.Wanted.Where(w => w.IsExtra && (w.Parameter.Text == "video=efifb:off" || w.Parameter.Text.StartsWith("initcall_blacklist=", StringComparison.Ordinal)))];

    private IReadOnlyList<WantedParameter> AcsExtras => [.. Everything.Wanted.Where(w => w.Parameter.Text.StartsWith("pcie_acs_override=", StringComparison.Ordinal))];

    private IReadOnlyList<string> Notes => Planned?.Notes ?? [];

    protected override void OnParametersSet() =>
        // Every extra switched on, only to show what each one adds and why before the user chooses it.
        Everything = IommuParameters.For(Vendor, new IommuExtras { PassingBootGpu = true, AcsOverride = true, KernelCarriesAcsOverridePatch = true });

    private Task SetPassingBootGpu(bool value) => ChoicesChanged.InvokeAsync(Choices with { PassingBootGpu = value });

    private Task SetAcsOverride(bool value) => ChoicesChanged.InvokeAsync(Choices with { AcsOverride = value });
}
