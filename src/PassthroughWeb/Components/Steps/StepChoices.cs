using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// What the user chose on steps 2 and 3, kept in the page's URL (<c>?gpu=0000:07:00.0&amp;bootgpu=1</c>) so a plan
/// can be linked to, reloaded and compared.
/// </summary>
public sealed record StepChoices
{
    /// <summary>The card to pass through, or null while none is chosen.</summary>
    public PciAddress? Gpu { get; init; }

    /// <summary>Step 2 extra: the card is the one the firmware boots on (video=efifb:off initcall_blacklist=sysfb_init).</summary>
    public bool PassingBootGpu { get; init; }

    /// <summary>Step 2 extra: pcie_acs_override.</summary>
    public bool AcsOverride { get; init; }

    /// <summary>Step 3: the user read what single-GPU mode means and ticked it.</summary>
    public bool SingleGpu { get; init; }

    public static StepChoices FromQuery(string? gpu, bool? bootGpu, bool? acs, bool? single) => new()
    {
        Gpu = gpu is not null && PciAddress.TryParse(gpu, out var address) ? address : null,
        PassingBootGpu = bootGpu == true,
        AcsOverride = acs == true,
        SingleGpu = single == true,
    };

    /// <summary>The card chosen on step 3 or 4: the boot display extra of step 2 follows it until the user changes it, and single-GPU mode is asked again.</summary>
    public StepChoices WithGpu(ScanReport report, PciAddress gpu)
    {
        ArgumentNullException.ThrowIfNull(report);
        return this with { Gpu = gpu, SingleGpu = false, PassingBootGpu = report.Gpus.Any(g => g.Address == gpu && g.IsBootVga) };
    }

    /// <summary>The query parameters for <see cref="Microsoft.AspNetCore.Components.NavigationManager.GetUriWithQueryParameters(IReadOnlyDictionary{string, object?})"/>; unset choices are removed from the URL.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["gpu"] = Gpu?.ToString(),
        ["bootgpu"] = PassingBootGpu ? true : null,
        ["acs"] = AcsOverride ? true : null,
        ["single"] = SingleGpu ? true : null,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"gpu={Gpu} bootgpu={PassingBootGpu} acs={AcsOverride} single={SingleGpu}");
}
