using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// The body of <c>POST /api/hosts/{name}/plan</c> (and of rehearse): the same request as <c>plan</c>'s options, read by
/// the same <see cref="StepRequestReader"/>. Steps 2 and 3 take <c>gpu</c>, <c>steps</c>, <c>singleGpu</c> and
/// <c>extras</c>; step 4 (<c>"steps": ["vm"]</c>) takes <c>gpu</c>, <c>vm</c>, <c>hideHypervisor</c>, <c>vendorId</c>
/// and <c>rom</c>. The VM step uses the host's own libvirt (the demo's) or the app's (<c>serve --connect</c>): a caller
/// cannot point the server at another libvirt.
/// </summary>
public sealed record StepRequestBody
{
    /// <summary>The card's PCI address (<c>0000:07:00.0</c> or <c>07:00.0</c>); step 2 alone needs none.</summary>
    public string? Gpu { get; init; }

    /// <summary><c>["host"]</c>, <c>["isolate"]</c>, <c>["host", "isolate"]</c> or <c>["vm"]</c>.</summary>
    public IReadOnlyList<string>? Steps { get; init; }

    /// <summary>Single-GPU mode: allow isolating the boot display or the only GPU.</summary>
    public bool SingleGpu { get; init; }

    /// <summary>Optional kernel parameters of step 2: <c>video=efifb:off</c>, <c>initcall_blacklist=sysfb_init</c>, <c>pcie_acs_override</c>.</summary>
    public IReadOnlyList<string>? Extras { get; init; }

    /// <summary>Step 4: the libvirt VM to give the card to; it must be shut off.</summary>
    public string? Vm { get; init; }

    /// <summary>Step 4: hide the hypervisor from the guest driver (true), never (false), or as the card's driver needs (null).</summary>
    public bool? HideHypervisor { get; init; }

    /// <summary>Step 4: the Hyper-V vendor_id shown when the hypervisor is hidden (1 to 12 characters).</summary>
    public string? VendorId { get; init; }

    /// <summary>Step 4: a ROM image for the card, as an absolute path on the host.</summary>
    public string? Rom { get; init; }

    /// <summary>The steps as one comma-separated list, the way the reader (and the command line) takes them.</summary>
    private string StepsText => string.Join(',', Steps ?? []);

    /// <summary>What was asked: steps 2 and/or 3, or step 4; null and a message that says what is accepted on bad input.</summary>
    public StepRequest? Read(out string? problem)
    {
        var words = StepRequestWords.Json;
        if (Steps is not { Count: > 0 })
        {
            problem = $"{words.StepsField} is required: [\"host\"] (step 2), [\"isolate\"] (step 3), [\"host\", \"isolate\"] (both, one reboot) or [\"vm\"] (step 4).";
            return null;
        }
        var isVm = StepRequestReader.IsVmStep(StepsText, words, out problem);
        if (isVm is null) return null;
        if (isVm == true)
        {
            if (SingleGpu || Extras is { Count: > 0 })
            {
                problem = StepRequestReader.NotForVm(words);
                return null;
            }
            if (Gpu is null)
            {
                problem = StepRequestReader.GpuNeededFor("vm", words);
                return null;
            }
            return StepRequestReader.ReadVmStep(Gpu, Vm, HideHypervisor, connection: null, VendorId, Rom, words, out problem) is { } vm ? new StepRequest { Vm = vm } : null;
        }
        var given = VmFieldsGiven();
        if (given.Count > 0)
        {
            problem = StepRequestReader.OnlyForVm(given, words);
            return null;
        }
        return StepRequestReader.ReadHostSteps(Gpu, StepsText, SingleGpu, Extras, words, out problem) is { } host
            ? new StepRequest { Gpu = host.Gpu, HostSteps = host.Steps, Options = host.Options }
            : null;
    }

    private List<string> VmFieldsGiven()
    {
        var given = new List<string>();
        if (Vm is not null) given.Add("\"vm\"");
        if (HideHypervisor is not null) given.Add("\"hideHypervisor\"");
        if (VendorId is not null) given.Add("\"vendorId\"");
        if (Rom is not null) given.Add("\"rom\"");
        return given;
    }
}
