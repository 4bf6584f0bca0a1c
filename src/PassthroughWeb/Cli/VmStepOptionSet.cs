using System.CommandLine;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>The options <c>plan</c> and <c>apply</c> take for <c>--steps vm</c>, and how they are read.</summary>
internal sealed record VmStepOptionSet
{
    public Option<string?> Vm { get; } = new("--vm")
    {
        Description = "--steps vm: the libvirt VM (domain) to give the card to, as `vms` lists it. It must be shut off.",
        HelpName = "NAME",
    };

    public Option<string?> Connect { get; } = CommonOptions.Connect();

    public Option<bool> HideHypervisor { get; } = new("--hide-hypervisor")
    {
        Description = "--steps vm: hide the hypervisor from the guest driver (vendor_id + kvm hidden). Default: only when the card's driver needs it (NVIDIA before 465).",
    };

    public Option<bool> NoHideHypervisor { get; } = new("--no-hide-hypervisor") { Description = "--steps vm: never hide the hypervisor." };

    public Option<string?> VendorId { get; } = new("--vendor-id")
    {
        Description = "--steps vm: the Hyper-V vendor_id shown when the hypervisor is hidden (1 to 12 characters; default randomid).",
        HelpName = "ID",
    };

    public Option<string?> Rom { get; } = new("--rom")
    {
        Description = "--steps vm: a ROM image for the card, as an absolute path on the host (set as <rom file='…'/>).",
        HelpName = "PATH",
    };

    public IEnumerable<Option> All => [Vm, Connect, HideHypervisor, NoHideHypervisor, VendorId, Rom];

    /// <summary>The names of the VM options given on the command line (to refuse them for steps 2 and 3).</summary>
    public IReadOnlyList<string> Given(ParseResult parseResult) =>
        All.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    /// <summary>The VM step's options, read; null and a message on bad input.</summary>
    public VmStepOptions? Read(ParseResult parseResult, string gpuText, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var hide = parseResult.GetValue(HideHypervisor);
        var noHide = parseResult.GetValue(NoHideHypervisor);
        var options = StepRequestReader.ReadVmStep(gpuText, parseResult.GetValue(Vm), hide ? true : noHide ? false : null,
            parseResult.GetValue(Connect), parseResult.GetValue(VendorId), parseResult.GetValue(Rom), StepRequestWords.CommandLine, out problem);
        if (options is null) return null;
        if (hide && noHide)
        {
            problem = "--hide-hypervisor and --no-hide-hypervisor contradict each other: give one, or neither to follow the card's driver.";
            return null;
        }
        return options;
    }
}
