using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>
/// Step 4's "Create a new VM": the form with the planner's defaults for this host, a preview (the findings, the new
/// domain's XML and its disk), and Create through the same change engine, history and rollback as every change.
/// </summary>
public partial class NewVmForm
{
    private HostResources _resources = new() { LogicalCpus = 0, ThreadsPerCore = 1, MemoryBytes = null };
    private string _name = "win11";
    private WindowsVersion _windows = WindowsVersion.Windows11;
    private string? _iso;
    private string? _virtioIso;
    private int _vcpus;
    private int _memoryGib;
    private int _diskGib = (int)(VmSizing.DefaultDiskBytes / VmSizing.GiB);
    private string _pool = NewVmRequest.DefaultPool;
    private NetworkKind _networkKind = NetworkKind.LibvirtNetwork;
    private string _networkName = VmNetwork.DefaultNat.Name;
    private int _defaultCpus;
    private int _defaultMemoryGib;
    private bool _planning;
    private VmCreationResult? _preview;
    private NewVmRequest? _previewed;
    private VmApplyResult? _failed;

    [Parameter, EditorRequired] public required StepHost Host { get; set; }

    /// <summary>The card to pass from the start, or null for none yet.</summary>
    [Parameter] public PciAddress? Gpu { get; set; }

    [Parameter, EditorRequired] public required string Connection { get; set; }

    /// <summary>Whether the creation reaches <see cref="Connection"/> (false on a copy of a host with no libvirt named), as the card read it.</summary>
    [Parameter] public bool ChangesLibvirt { get; set; }

    /// <summary>Where the creation goes, or why it is only listed, in one sentence.</summary>
    [Parameter] public string LibvirtTarget { get; set; } = "";

    [Parameter] public bool Busy { get; set; }

    /// <summary>The VM was created: the result of the apply.</summary>
    [Parameter] public EventCallback<VmApplyResult> OnCreated { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    /// <summary>Step 4 here, or through the agent of an agent's host.</summary>
    [Inject] public required VmOperations Vms { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    private int MaxCpus => VmSizing.MaxVirtualCpus(_resources);

    private string MemoryHelp => _resources.MemoryBytes is { } total
        ? $"At most {VmSizing.Format(VmSizing.MaxMemory(total))}; the host has {VmSizing.Format(total)}."
        : "The host's memory could not be read (proc/meminfo).";

    /// <summary>The preview is for the form as it is now, and it has a plan.</summary>
    private bool CanCreate => _preview is { IsRefused: false } && _previewed == Request;

    protected override async Task OnInitializedAsync()
    {
        // An agent's host's CPUs and memory are the agent's to read; without its answer the form starts at zero, which the preview explains.
        _resources = await Vms.HostResourcesAsync(Host, await Actors.GetAsync(), CancellationToken.None) ?? _resources;
        _defaultCpus = VmSizing.MaxVirtualCpus(_resources);
        _defaultMemoryGib = _resources.MemoryBytes is { } total ? (int)(VmSizing.DefaultMemory(total) / VmSizing.GiB) : 0;
        _vcpus = _defaultCpus;
        _memoryGib = _defaultMemoryGib;
    }

    /// <summary>The form as a request; values left at the planner's defaults go as null so the plan explains them.</summary>
    private NewVmRequest Request => new()
    {
        Name = _name.Trim(),
        Windows = _windows,
        InstallIsoPath = _iso?.Trim() ?? "",
        VirtioWinIsoPath = string.IsNullOrWhiteSpace(_virtioIso) ? null : _virtioIso.Trim(),
        Gpu = Gpu,
        VirtualCpus = _vcpus == _defaultCpus ? null : _vcpus,
        MemoryBytes = _memoryGib == _defaultMemoryGib ? null : _memoryGib * VmSizing.GiB,
        DiskBytes = _diskGib * VmSizing.GiB == VmSizing.DefaultDiskBytes ? null : _diskGib * VmSizing.GiB,
        StoragePool = string.IsNullOrWhiteSpace(_pool) ? NewVmRequest.DefaultPool : _pool.Trim(),
        Network = _networkKind == NetworkKind.Bridge
            ? VmNetwork.HostBridge(_networkName.Trim())
            : new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = string.IsNullOrWhiteSpace(_networkName) ? VmNetwork.DefaultNat.Name : _networkName.Trim() },
    };

    private async Task PreviewAsync()
    {
        _planning = true;
        _failed = null;
        try
        {
            var request = Request;
            var actor = await Actors.GetAsync();
            _preview = await Task.Run(() => Vms.PlanCreateAsync(Host, request, actor, CancellationToken.None));
            _previewed = request;
        }
        finally
        {
            _planning = false;
        }
    }

    private async Task CreateAsync()
    {
        if (!CanCreate || _preview?.Plan is not { } plan || _previewed is not { } request) return;
        var parameters = new DialogParameters<ApplyConfirmDialog>
        {
            { d => d.Title, $"Create the VM '{request.Name}'?" },
            { d => d.HostName, Host.Name },
            { d => d.ConfirmLabel, "Create" },
            { d => d.Description, ChangesLibvirt
                ? $"{plan.Summary} libvirt at {Connection} creates the disk and defines the VM; Roll back undefines it and deletes the disk. Nothing starts yet."
                : $"{plan.Summary} {LibvirtTarget}" },
        };
        var dialog = await Dialogs.ShowAsync<ApplyConfirmDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var answer = await dialog.Result;
        if (answer is null || answer.Canceled) return;
        _planning = true;
        StateHasChanged();
        VmApplyResult created;
        try
        {
            var actor = await Actors.GetAsync();
            var shown = _preview;
            created = await Task.Run(() => Vms.CreateAsync(Host, request, shown, actor, CancellationToken.None));
        }
        finally
        {
            _planning = false;
        }
        if (created.Outcome == StepApplyOutcome.Applied) await OnCreated.InvokeAsync(created);
        else _failed = created;
    }
}
