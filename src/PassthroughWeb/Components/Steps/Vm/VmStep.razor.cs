using PassthroughWeb.Services.Operations;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>
/// Step 4, "Configure the VM in libvirt": the connection and its VMs, the card (the same choice as step 3, in the
/// URL) and the VM (in the URL too), the options, the VM check's findings, the plan, Apply, the clean shutdown of a
/// running VM, Roll back of the latest VM change set, and the form that creates a new VM.
/// </summary>
public sealed partial class VmStep : IDisposable
{
    /// <summary>How long the card waits for a guest asked to shut down before it lets the user look again.</summary>
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource _disposed = new();
    private StepHost? _host;
    private LibvirtResult<IReadOnlyList<DomainSummary>>? _vms;
    private VmListing? _listing;
    private VmPlanResult? _plan;
    private PlanKey? _planned;
    private StepHistory? _history;
    private bool? _hide;
    private string? _vendorId;
    private string? _romFile;
    private bool _applying;
    private bool _creating;
    private bool _shuttingDown;
    private VmApplyResult? _lastApply;
    private string? _shutdownMessage;
    private bool _shutdownFailed;
    private int _refreshing;

    [Parameter, EditorRequired] public required string HostName { get; set; }

    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter, EditorRequired] public required StepChoices Choices { get; set; }

    [Parameter] public EventCallback<StepChoices> ChoicesChanged { get; set; }

    /// <summary>The chosen VM's libvirt name, or null.</summary>
    [Parameter] public string? Vm { get; set; }

    [Parameter] public EventCallback<string?> VmChanged { get; set; }

    /// <summary>Step 4 here, or through the agent of an agent's host.</summary>
    [Inject] public required VmOperations Vms { get; init; }

    [Inject] public required HostLookup Hosts { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private static ChecklistStep Step => ChecklistStep.All[3];

    /// <summary>The libvirt the VMs were read from: this app's for its own hosts, the agent's own on an agent's host.</summary>
    private string Connection => _listing?.Connection is { Length: > 0 } connection ? connection
        : _host is null ? "…" : Vms.ConnectionOf(_host) ?? $"{_host.Name}'s own libvirt";

    private bool ChangesLibvirt => _listing?.ChangesLibvirt ?? false;

    private string LibvirtTarget => _listing?.Target ?? "";

    private string ConnectionNote => _listing is null || _host is null ? ""
        : !_listing.ChangesLibvirt ? " (read only: " + _listing.Target + ")"
        : _host.IsAgent ? $" on {_host.Name}, through its agent (the agent's --connect, else the system daemon there; this app's libvirt is never touched)"
        : _host.LibvirtConnection is not null ? $" (the libvirt of {_host.Name} alone: the real machine's is never touched)"
        : Connection == Virsh.DefaultConnection ? " (the system daemon; start the app with serve --connect URI for another)" : "";

    private bool Busy => _applying || _shuttingDown || _refreshing > 0;

    /// <summary>Interactive, and the list and plan are loaded for the current choices (tests wait for it).</summary>
    private bool Ready => RendererInfo.IsInteractive && _refreshing == 0 && _vms is not null && _planned == Key && !_applying;

    private PciDevice? Card => Choices.Gpu is { } gpu
        ? Report.Devices.FirstOrDefault(d => d.Address == gpu) ?? Report.Devices.FirstOrDefault(d => d.Address.IsSameSlot(gpu) && PciClass.IsDisplay(d.ClassCode))
        : null;

    /// <summary>What the guest driver of the chosen card needs: the switch's default and its reason.</summary>
    private HiddenHypervisorAdvice? HideAdvice => Card is { } card && PciClass.IsDisplay(card.ClassCode) ? GuestDriverAdvisor.NeedsHiddenHypervisor(card) : null;

    private bool HideHypervisor => _hide ?? HideAdvice?.ShouldHide ?? false;

    private PlanKey Key => new(Choices.Gpu, Vm, _hide, _vendorId, _romFile);

    private bool VmExists => Vm is not null && _vms is { Succeeded: true } list && list.GetValue().Any(d => d.Name == Vm);

    private bool CanApply => _plan is { Outcome: VmPlanOutcome.Planned, Plan: not null, IsNothingToDo: false } && _planned == Key;

    private string? DisabledReason => _plan switch
    {
        _ when Choices.Gpu is null || Vm is null => null,
        { IsNothingToDo: true } => "Nothing to apply: the VM already has what step 4 needs.",
        { Outcome: VmPlanOutcome.Refused, CanOfferShutdown: true } => "Nothing to apply while the VM runs: shut it down first.",
        { Outcome: VmPlanOutcome.Refused } => "Nothing to apply while the change is refused (see above).",
        { Outcome: VmPlanOutcome.Error } => "Nothing to apply: the plan could not be made (see above).",
        _ => null,
    };

    /// <summary>The newest VM change set on this host for the chosen VM (or any VM when none is chosen), if it is applied.</summary>
    private ChangeSetHistory? LatestSet =>
        _history?.ChangeSets.FirstOrDefault(c => c.Set.Steps.Contains("vm") && (Vm is null || c.Set.Plan.Domains.Any(d => d.Name == Vm))
                                                 && c.Set.State is ChangeSetState.Applied or ChangeSetState.RolledBack or ChangeSetState.Failed)
            is { Set.State: ChangeSetState.Applied } latest
            ? latest
            : null;

    private StepStatus Status
    {
        get
        {
            if (Report.Gpus.Count == 0) return new StepStatus("no card to pass", Color.Warning);
            if (_vms is { Succeeded: false } failed)
                return new StepStatus(failed.Error.Kind == LibvirtErrorKind.NotReachable ? "libvirt not reachable" : "libvirt error", Color.Error);
            if (Choices.Gpu is null) return new StepStatus("choose a card", Color.Default);
            if (Vm is null) return new StepStatus(_vms is { Succeeded: true } l && l.GetValue().Count == 0 ? "create a VM" : "choose a VM", Color.Default);
            if (_vms is not null && !VmExists) return new StepStatus("VM not found", Color.Warning);
            return _plan switch
            {
                null => new StepStatus("checking the VM…", Color.Default),
                { IsNothingToDo: true } when LatestSet is not null => new StepStatus("done · applied", Color.Success),
                { IsNothingToDo: true } => new StepStatus("already in place", Color.Success),
                { Outcome: VmPlanOutcome.Refused, CanOfferShutdown: true } => new StepStatus("shut the VM down first", Color.Warning),
                { Outcome: VmPlanOutcome.Refused } => new StepStatus("refused", Color.Error),
                { Outcome: VmPlanOutcome.Error } => new StepStatus("error", Color.Error),
                _ => new StepStatus("not applied", Color.Default),
            };
        }
    }

    /// <summary>The host page's checklist, told what step 4's plan says after each render.</summary>
    [CascadingParameter] public ChecklistView? Checklist { get; set; }

    protected override void OnAfterRender(bool firstRender) => Checklist?.Report(4, Facts);

    private StepFacts Facts => new()
    {
        Plan = Report.Gpus.Count == 0 || _vms is { Succeeded: false } ? StepPlanFact.Blocked
            : Choices.Gpu is null || Vm is null || (_vms is not null && !VmExists) ? StepPlanFact.NeedsChoice
            : _plan switch
            {
                null => StepPlanFact.Unknown,
                { IsNothingToDo: true } => StepPlanFact.NothingToDo,
                { Outcome: VmPlanOutcome.Planned } => StepPlanFact.Ready,
                _ => StepPlanFact.Blocked,
            },
        Change = _applying ? StepChangeFact.Running : StepChangeFact.None,
        Detail = Status.Text,
    };

    /// <summary>Changes when the host's feed says something finished (here or elsewhere): the card reads libvirt and the history again.</summary>
    [Parameter] public int Version { get; set; }

    private int _seenVersion;

    protected override async Task OnParametersSetAsync()
    {
        var stale = _seenVersion != Version;
        _seenVersion = Version;
        if (_host?.Name != HostName)
        {
            _host = await Hosts.FindHostAsync(HostName, CancellationToken.None);
            _vms = null;
            _planned = null;
        }
        if (_vms is null || (stale && !_applying)) await ReloadAsync();
        else if (_planned != Key) await RefreshAsync(listToo: false);
    }

    /// <summary>Lists the VMs again, then plans and reads the history.</summary>
    private Task ReloadAsync() => RefreshAsync(listToo: true);

    private async Task RefreshAsync(bool listToo)
    {
        if (_host is null) return;
        _refreshing++;
        try
        {
            var actor = await Actors.GetAsync();
            if (listToo || _vms is null)
            {
                _listing = await Vms.ListAsync(_host, actor, _disposed.Token);
                _vms = _listing.Vms;
            }
            var key = Key;
            _plan = null;
            _planned = key;
            if (key.Gpu is { } gpu && key.Vm is { } vm && VmExists)
                _plan = await Vms.PlanAsync(_host, new VmStepOptions { Vm = vm, Gpu = gpu, HideHypervisor = key.Hide, VendorId = key.VendorId, RomFile = key.RomFile }, actor, _disposed.Token);
            _history = await Vms.HistoryAsync(_host, actor, _disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was left while libvirt answered.
        }
        finally
        {
            _refreshing--;
        }
    }

    private Task ChooseGpuAsync(PciAddress gpu) => ChoicesChanged.InvokeAsync(Choices.WithGpu(Report, gpu));

    private async Task ChooseVmAsync(string? vm)
    {
        _lastApply = null;
        _shutdownMessage = null;
        await VmChanged.InvokeAsync(vm);
    }

    private Task ChooseHideAsync(bool hide)
    {
        _hide = hide;
        return RefreshAsync(listToo: false);
    }

    private Task ChooseVendorIdAsync(string? value)
    {
        _vendorId = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return RefreshAsync(listToo: false);
    }

    private Task ChooseRomFileAsync(string? value)
    {
        _romFile = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return RefreshAsync(listToo: false);
    }

    private void OpenCreate() => _creating = true;

    private void CloseCreate() => _creating = false;

    private async Task CreatedAsync(VmApplyResult created)
    {
        _creating = false;
        _lastApply = created;
        await ReloadAsync();
        if (created.Plan is { Domains.Count: > 0 } plan) await VmChanged.InvokeAsync(plan.Domains[0].Name);
    }

    private async Task ApplyAsync()
    {
        if (_host is null || _plan?.Plan is not { } plan || Choices.Gpu is not { } gpu || Vm is not { } vm) return;
        var parameters = new DialogParameters<ApplyConfirmDialog>
        {
            { d => d.Title, $"Apply step 4 to the VM '{vm}'?" },
            { d => d.HostName, _host.Name },
            { d => d.ConfirmLabel, "Apply" },
            { d => d.Card, Report.Gpus.FirstOrDefault(g => g.Address == gpu) is { } card ? $"{PassthroughWeb.Components.Shared.DeviceNames.GpuTitle(card, Report)} at {card.Address}" : gpu.ToString() },
            {
                d => d.Description,
                $"libvirt at {Connection} redefines '{vm}' with the XML shown in the plan ({plan.Summary}). Its current definition is journaled first, so Roll back " +
                "redefines it exactly. No file of the host changes and the host needs no reboot; the VM uses the new definition at its next start."
            },
        };
        var dialog = await Dialogs.ShowAsync<ApplyConfirmDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var answer = await dialog.Result;
        if (answer is null || answer.Canceled) return;

        _applying = true;
        _lastApply = null;
        StateHasChanged();
        try
        {
            var options = new VmStepOptions { Vm = vm, Gpu = gpu, HideHypervisor = _hide, VendorId = _vendorId, RomFile = _romFile };
            var actor = await Actors.GetAsync();
            // The plan the card shows, by its id: if the VM or the host changed since, nothing is applied and the result says what.
            var shown = _plan;
            _lastApply = await Task.Run(() => Vms.ApplyAsync(_host, options, shown, actor, CancellationToken.None));
        }
        finally
        {
            _applying = false;
        }
        await ReloadAsync();
    }

    private async Task RollbackAsync()
    {
        if (_host is null || LatestSet is not { } latest) return;
        var creates = latest.Set.Plan.Domains.Any(d => d.Creates);
        var names = string.Join(", ", latest.Set.Plan.Domains.Select(d => $"'{d.Name}'"));
        var confirmed = await Dialogs.ShowMessageBoxAsync("Roll back this change set?",
            creates
                ? $"The VM {names} is undefined again and the disk created for it is deleted, with everything installed on it."
                : $"libvirt redefines {names} exactly as it was before the change set. The VM must be shut off.",
            yesText: "Roll back", cancelText: "Cancel");
        if (confirmed != true) return;
        _applying = true;
        StateHasChanged();
        try
        {
            var actor = await Actors.GetAsync();
            var host = _host;
            var permitted = await Task.Run(() => Vms.RollbackAsync(host, latest.Set.Id, actor, CancellationToken.None));
            var (text, severity) = permitted.Denied is { } denied
                ? (denied.Message, Severity.Error)
                : PassthroughWeb.Components.Shared.RollbackNotice.Of(permitted.Value, creates ? $"Rolled back: {names} is gone again." : $"Rolled back: {names} has its previous definition again.");
            Snackbar.Add(text, severity);
            _lastApply = null;
        }
        finally
        {
            _applying = false;
        }
        await ReloadAsync();
        if (creates && Vm is not null && !VmExists) await VmChanged.InvokeAsync(null);
    }

    /// <summary>Asks the guest to shut down (ACPI) and waits a while for it to be shut off, then checks the VM again.</summary>
    private async Task ShutdownAsync()
    {
        if (_host is null || Vm is not { } vm) return;
        _shuttingDown = true;
        _shutdownFailed = false;
        _shutdownMessage = $"Asking '{vm}' to shut down…";
        StateHasChanged();
        try
        {
            var permitted = await Vms.ShutdownAsync(_host, vm, await Actors.GetAsync(), _disposed.Token);
            if (permitted.Denied is { } denied)
            {
                _shutdownFailed = true;
                _shutdownMessage = denied.Message;
                return;
            }
            var asked = permitted.Value;
            if (!asked.Succeeded)
            {
                _shutdownFailed = true;
                _shutdownMessage = $"Could not ask '{vm}' to shut down: {asked.Error.Message}";
                return;
            }
            _shutdownMessage = $"Asked '{vm}' to shut down cleanly; waiting for the guest to finish…";
            StateHasChanged();
            _shutdownMessage = await WaitForShutOffAsync(vm)
                ? $"'{vm}' is shut off: the plan below is for it as it is now."
                : $"'{vm}' is still running after {ShutdownWait.TotalSeconds:0} s: the guest may be installing updates or ignore the power button " +
                  "(a guest without an operating system does). Shut it down from inside the guest, then press Refresh.";
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _shuttingDown = false;
        }
        await ReloadAsync();
    }

    private async Task<bool> WaitForShutOffAsync(string vm)
    {
        if (_host is not { } host) return false;
        var actor = await Actors.GetAsync();
        var deadline = DateTime.UtcNow + ShutdownWait;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _disposed.Token);
            // The list, as the card reads it: through the agent for an agent's host.
            var listed = (await Vms.ListAsync(host, actor, _disposed.Token)).Vms;
            if (listed.Succeeded && listed.GetValue().FirstOrDefault(d => d.Name == vm) is { State: DomainState.ShutOff }) return true;
        }
        return false;
    }

    private static Color StateColor(DomainState state) => state switch
    {
        DomainState.ShutOff => Color.Default,
        DomainState.Running or DomainState.Blocked => Color.Success,
        DomainState.Crashed => Color.Error,
        _ => Color.Warning,
    };


    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>What a plan was made for: the plan shown belongs to these choices.</summary>
    private sealed record PlanKey(PciAddress? Gpu, string? Vm, bool? Hide, string? VendorId, string? RomFile);
}
