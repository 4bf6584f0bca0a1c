using PassthroughWeb.Services.Operations;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Components.Shared;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>
/// Step 5, "Install the guest drivers": the driver page and what to take for the card, what working looks like, the
/// checks the app makes itself on the chosen VM (with "Check again"), the problems found and those to watch with
/// the step their fix lives in, and "Mark step 5 done" in the history.
/// </summary>
public sealed partial class GuestDriversStep : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private GuestStepReport? _report;
    private (PciAddress? Gpu, string? Vm)? _checked;
    private DateTimeOffset _checkedAt;
    private bool _busy;

    [Parameter, EditorRequired] public required string HostName { get; set; }

    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter] public PciAddress? Gpu { get; set; }

    [Parameter] public string? Vm { get; set; }

    /// <summary>Step 5 here, or through the agent of an agent's host.</summary>
    [Inject] public required GuestOperations Guests { get; init; }

    [Inject] public required HostLookup Hosts { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private static Steps.ChecklistStep Step => Steps.ChecklistStep.All[4];

    private bool Ready => RendererInfo.IsInteractive && !_busy && _checked == (Gpu, Vm);

    private PciDevice? Card => Gpu is { } gpu
        ? Report.Devices.FirstOrDefault(d => d.Address == gpu && PciClass.IsDisplay(d.ClassCode)) ?? Report.Devices.FirstOrDefault(d => d.Address.IsSameSlot(gpu) && PciClass.IsDisplay(d.ClassCode))
        : null;

    /// <summary>The check's advice when there is one (it saw the card in a fresh scan), else the advice for the card in the stored scan.</summary>
    private GuestDriverAdvice? Advice => _report?.Report?.Advice ?? (Card is { } card ? GuestDriverAdvisor.Advise(card) : null);

    private IReadOnlyList<KnownProblem> Detected => _report?.Report?.DetectedProblems ?? [];

    private IReadOnlyList<KnownProblem> ToWatch =>
        [.. (_report?.Report?.ProblemsToWatch ?? Advice?.KnownProblems ?? []).Where(p => Detected.All(d => d.Id != p.Id))];

    private StepStatus Status
    {
        get
        {
            if (Report.Gpus.Count == 0) return new StepStatus("no card to pass", Color.Warning);
            if (Advice is null) return new StepStatus("choose a card", Color.Default);
            if (Vm is null) return new StepStatus("choose a VM in step 4", Color.Default);
            if (_report is null) return new StepStatus("checking…", Color.Default);
            if (_report.MarkedDoneAt is { } at) return new StepStatus($"done · marked {TimeText.Ago(at, Time.GetUtcNow())}", Color.Success);
            if (_report.Problem is not null) return new StepStatus("cannot check", Color.Warning);
            var report = _report.Report!;
            if (report.AllPassed) return new StepStatus("checks pass · mark it done", Color.Info);
            if (report.DetectedProblems.Count > 0) return new StepStatus("problems found", Color.Warning);
            return report.Checks.FirstOrDefault(c => c.Subject == GuestDriverCheck.RunningSubject) is { Outcome: not GuestCheckOutcome.Passed }
                ? new StepStatus("start the VM", Color.Default)
                : new StepStatus("in progress", Color.Info);
        }
    }

    /// <summary>The host page's checklist, told what step 5's checks say after each render.</summary>
    [CascadingParameter] public Steps.ChecklistView? Checklist { get; set; }

    protected override void OnAfterRender(bool firstRender) => Checklist?.Report(5, Facts);

    private StepFacts Facts => new()
    {
        Plan = Report.Gpus.Count == 0 ? StepPlanFact.Blocked : _report is null && Advice is not null && Vm is not null ? StepPlanFact.Unknown : StepPlanFact.NeedsChoice,
        MarkedDone = _report?.MarkedDoneAt is not null,
        Detail = Status.Text,
    };

    /// <summary>Changes when the host's feed says something finished: the checks run again.</summary>
    [Parameter] public int Version { get; set; }

    private int _seenVersion;

    protected override async Task OnParametersSetAsync()
    {
        var stale = _seenVersion != Version;
        _seenVersion = Version;
        if (_checked == (Gpu, Vm) && (!stale || _busy)) return;
        await CheckAsync();
    }

    private async Task CheckAsync()
    {
        var key = (Gpu, Vm);
        _busy = true;
        try
        {
            _report = null;
            if (Gpu is { } gpu && Vm is { } vm && await Hosts.FindHostAsync(HostName, _disposed.Token) is { } host)
            {
                _report = await Guests.CheckAsync(host, gpu, vm, await Actors.GetAsync(), _disposed.Token);
                _checkedAt = Time.GetUtcNow();
            }
            _checked = key;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was left while libvirt answered.
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task MarkDoneAsync()
    {
        if (Gpu is not { } gpu || Vm is not { } vm || await Hosts.FindHostAsync(HostName, CancellationToken.None) is not { } host) return;
        _busy = true;
        try
        {
            var marked = await Guests.MarkDoneAsync(host, gpu, vm, await Actors.GetAsync(), CancellationToken.None);
            if (marked.Denied is { } denied) Snackbar.Add(denied.Message, Severity.Error);
            else Snackbar.Add(marked.Value.Message, marked.Value.Marked ? Severity.Success : Severity.Error);
            // The checks made again with the marking: unless the card moved to another card or VM meanwhile.
            if (marked.IsAllowed && marked.Value.Report is { } report && (Gpu, Vm) == (gpu, vm))
            {
                _report = report;
                _checkedAt = Time.GetUtcNow();
                return;
            }
        }
        finally
        {
            _busy = false;
        }
        await CheckAsync();
    }

    private static string IconOf(GuestCheckOutcome outcome) => outcome switch
    {
        GuestCheckOutcome.Passed => Icons.Material.Filled.CheckCircle,
        GuestCheckOutcome.Failed => Icons.Material.Filled.Cancel,
        GuestCheckOutcome.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Outlined.HelpOutline,
    };

    private static Color ColorOf(GuestCheckOutcome outcome) => outcome switch
    {
        GuestCheckOutcome.Passed => Color.Success,
        GuestCheckOutcome.Failed => Color.Error,
        GuestCheckOutcome.Warning => Color.Warning,
        _ => Color.Default,
    };

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
