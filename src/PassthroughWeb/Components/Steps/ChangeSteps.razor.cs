using PassthroughWeb.Services.Operations;
using PassthroughWeb.Core.Rehearsal;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Components.History;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// Steps 2 and 3 of one host (this app's, or an agent's through its agent): plans them through <see cref="StepOperations"/> whenever the choices change (step 2
/// alone, and steps 2 and 3 as one change set), and applies, verifies and rolls back on the user's word.
/// </summary>
public partial class ChangeSteps
{
    private StepHost? _host;
    private StepPlanPreview? _hostPreview;
    private StepPlanPreview? _bothPreview;
    private StepHistory? _history;
    private StepChoices? _planned;
    private string? _applying;
    private string? _appliedBy;
    private StepApplyResult? _lastApply;
    private string? _verifiedBy;
    private StepVerifyResult? _lastVerify;
    private string? _rehearsing;
    private string? _rehearsedBy;
    private StepRehearsalResult? _lastRehearsal;
    private readonly List<string> _rehearsalLines = [];
    private AcceleratorChoice _accelerator = AcceleratorChoice.Auto;

    [Parameter, EditorRequired] public required string HostName { get; set; }

    [Parameter, EditorRequired] public required ScanReport Report { get; set; }

    [Parameter, EditorRequired] public required StepChoices Choices { get; set; }

    [Parameter] public EventCallback<StepChoices> ChoicesChanged { get; set; }

    /// <summary>Changes when the host's feed says something finished (here or elsewhere): the card plans and reads the history again.</summary>
    [Parameter] public int Version { get; set; }

    private int _seenVersion;

    [Inject] public required HostLookup Hosts { get; init; }

    /// <summary>Plan, apply, rehearse, verify, roll back and the history, on this app's hosts or through an agent.</summary>
    [Inject] public required StepOperations Steps { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool Busy => _applying is not null || _rehearsing is not null;

    /// <summary>The host page's checklist, told what steps 2 and 3's plans say after each render.</summary>
    [CascadingParameter] public ChecklistView? Checklist { get; set; }

    protected override void OnAfterRender(bool firstRender)
    {
        if (Checklist is null) return;
        Checklist.Report(2, StepTwoFacts);
        Checklist.Report(3, StepThreeFacts);
    }

    private StepFacts StepTwoFacts => new()
    {
        Plan = PlanFactOf(_hostPreview),
        Change = _applying is not null ? StepChangeFact.Running : StepChangeFact.None,
        Detail = StatusOf(LatestHost, _hostPreview).Text,
    };

    private StepFacts StepThreeFacts => new()
    {
        Plan = Report.Gpus.Count == 0 ? StepPlanFact.Blocked : Choices.Gpu is null ? StepPlanFact.NeedsChoice : PlanFactOf(_bothPreview),
        Change = _applying == "steps-2-3" ? StepChangeFact.Running : StepChangeFact.None,
        Detail = Report.Gpus.Count > 0 && Choices.Gpu is null && LatestIsolate is null ? "choose a card" : IsolateStatus.Text,
    };

    private static StepPlanFact PlanFactOf(StepPlanPreview? preview) => preview switch
    {
        null => StepPlanFact.Unknown,
        { IsNothingToDo: true } => StepPlanFact.NothingToDo,
        { Outcome: HostChangeOutcome.Planned } => StepPlanFact.Ready,
        _ => StepPlanFact.Blocked,
    };

    /// <summary>The host's newest rehearsal in the history (the reboot banner says whether the reboot was rehearsed).</summary>
    private HistoryEntry? LatestRehearsal => _history?.Events.Where(e => e.Kind == RehearseOperation.RehearsalEvent).MaxBy(e => e.At);

    /// <summary>Interactive, and planned for the current choices: clicks now reach the cards (tests wait for it).</summary>
    private bool Ready => RendererInfo.IsInteractive && _planned == Choices && _refreshing == 0;

    private int _refreshing;

    private bool RootIsCopy => _host is not null && Path.GetFullPath(_host.Root) != "/";

    private ChangeSetHistory? LatestHost => Latest(HostSteps.HostName);

    private ChangeSetHistory? LatestIsolate => Latest(HostSteps.IsolateName);

    /// <summary>Step 2 needs a card only for its boot-display extra: without a choice, plan it for the first card, or for none on a host without one.</summary>
    private PciAddress? PlanningGpu => Choices.Gpu ?? (Report.Gpus.Count > 0 ? Report.Gpus[0].Address : null);

    private StepPlanOptions Options => new() { PassingBootGpu = Choices.PassingBootGpu, AcsOverride = Choices.AcsOverride, SingleGpuChosen = Choices.SingleGpu };

    /// <summary>Whether the signed-in user may change the host (Operator or Admin): a Viewer sees the plans, not the buttons.</summary>
    private bool _mayChange;

    protected override async Task OnInitializedAsync() => _mayChange = (await Actors.GetAsync()).Has(Core.Access.Role.Operator);

    protected override async Task OnParametersSetAsync()
    {
        if (_host?.Name != HostName)
        {
            _host = await Hosts.FindHostAsync(HostName, CancellationToken.None);
            _planned = null;
        }
        var stale = _seenVersion != Version;
        _seenVersion = Version;
        // This card's own apply refreshes when it returns; the feed's word is for what others did meanwhile.
        if (_planned == Choices && (!stale || Busy)) return;
        _planned = Choices;
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        if (_host is null) return;
        _refreshing++;
        try
        {
            await PlanAndLoadAsync(_host);
        }
        finally
        {
            _refreshing--;
        }
    }

    private async Task PlanAndLoadAsync(StepHost host)
    {
        var actor = await Actors.GetAsync();
        _hostPreview = await Steps.PlanAsync(host, PlanningGpu, [HostStep.Host], Options, actor, CancellationToken.None);
        _bothPreview = Choices.Gpu is { } chosen ? await Steps.PlanAsync(host, chosen, [HostStep.Host, HostStep.Isolate], Options, actor, CancellationToken.None) : null;
        _history = await Steps.HistoryAsync(host, actor, CancellationToken.None);
    }

    private ChangeSetHistory? Latest(string step) =>
        _history?.ChangeSets.FirstOrDefault(c => c.Set.Steps.Contains(step) && c.Set.State is ChangeSetState.Applied or ChangeSetState.RolledBack or ChangeSetState.Failed) is { Set.State: ChangeSetState.Applied } latest
            ? latest
            : null;

    private StepStatus IsolateStatus => Report.Gpus.Count == 0 && LatestIsolate is null ? new StepStatus("no card to pass", Color.Warning) : StatusOf(LatestIsolate, _bothPreview);

    private StepStatus StatusOf(ChangeSetHistory? latest, StepPlanPreview? preview)
    {
        // The agent could not answer (offline): its plan's error says nothing about the step on the agent's host.
        if (_host is { IsAgent: true } && _history is null) return new StepStatus("agent not answering", Color.Default);
        if (latest is not null)
        {
            if (latest.Verification is { } verification)
                return verification.Passed ? new StepStatus("done · verified", Color.Success) : new StepStatus("verification failed", Color.Error);
            return latest.RebootNeeded ? new StepStatus("reboot needed", Color.Warning) : new StepStatus("applied · not verified", Color.Info);
        }
        return preview switch
        {
            { IsNothingToDo: true } => new StepStatus("already in place", Color.Success),
            { Outcome: HostChangeOutcome.Refused } => new StepStatus("refused", Color.Error),
            { Outcome: HostChangeOutcome.Manual } => new StepStatus("by hand", Color.Warning),
            { Outcome: HostChangeOutcome.Error } => new StepStatus("error", Color.Error),
            _ => new StepStatus("not applied", Color.Default),
        };
    }

    /// <summary>"Radeon RX 6600 at 0000:07:00.0": the card by model and address, as the confirmation names it.</summary>
    private string? CardName(PciAddress? address) =>
        Report.Gpus.FirstOrDefault(g => g.Address == address) is { } gpu ? $"{PassthroughWeb.Components.Shared.DeviceNames.GpuTitle(gpu, Report)} at {gpu.Address}" : null;

    /// <summary>A plan the service could not make at all (no detail result to show): its message.</summary>
    private static string? PlanErrorOf(StepPlanPreview? preview) => preview is { Result: null } ? preview.Message ?? preview.Summary : null;

    private async Task ApplyAsync(string name, StepPlanPreview? preview, IReadOnlyList<HostStep> steps)
    {
        if (_host is null || preview is null) return;
        var parameters = new DialogParameters<ApplyConfirmDialog>
        {
            { d => d.Title, steps.Count == 2 ? "Apply steps 2 and 3 as one change set?" : "Apply step 2?" },
            { d => d.HostName, _host.Name },
            { d => d.Files, preview.Files.Count },
            { d => d.Commands, preview.Commands.Count },
            { d => d.RootIsCopy, RootIsCopy },
            { d => d.Card, CardName(preview.Gpu) },
            { d => d.FilePaths, [.. preview.Files.Select(f => f.Path)] },
            { d => d.CommandLines, [.. preview.Commands.Select(c => c.Display)] },
        };
        var dialog = await Dialogs.ShowAsync<ApplyConfirmDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var answer = await dialog.Result;
        if (answer is null || answer.Canceled) return;

        var actor = await Actors.GetAsync();
        _applying = name;
        _lastApply = null;
        _appliedBy = name;
        StateHasChanged();
        try
        {
            _lastApply = await Task.Run(() => Steps.ApplyAsync(_host, preview, steps, Options, actor, CancellationToken.None));
            _planned = null;
            await RefreshAsync();
        }
        finally
        {
            _applying = null;
        }
    }

    /// <summary>
    /// Boots the host's kernel with the image the plan builds, in a VM with an emulated IOMMU. Progress and the guest's
    /// console come from a background task; each line is marshalled to the circuit and pushed to the browser live.
    /// </summary>
    private async Task RehearseAsync(string name, StepPlanPreview? preview, IReadOnlyList<HostStep> steps)
    {
        if (_host is null || preview?.Gpu is not { } gpu) return;
        _rehearsing = name;
        _rehearsedBy = name;
        _lastRehearsal = null;
        _rehearsalLines.Clear();
        StateHasChanged();
        var progress = new CircuitProgress(this);
        var actor = await Actors.GetAsync();
        try
        {
            _lastRehearsal = await Task.Run(() => Steps.RehearseAsync(_host, preview, gpu, steps, Options, actor, progress,
                new RehearsalBootOptions { Accelerator = _accelerator }, CancellationToken.None));
            _history = await Steps.HistoryAsync(_host, actor, CancellationToken.None);
        }
        finally
        {
            _rehearsing = null;
        }
    }

    /// <summary>Appends a rehearsal line on the circuit's context and re-renders at most every 250 ms.</summary>
    private sealed class CircuitProgress(ChangeSteps owner) : IProgress<string>
    {
        private long _lastRender;

        public void Report(string value) => _ = owner.InvokeAsync(() =>
        {
            owner._rehearsalLines.Add(value);
            var now = Environment.TickCount64;
            if (now - _lastRender < 250) return;
            _lastRender = now;
            owner.StateHasChanged();
        });
    }

    private async Task VerifyAsync(string name)
    {
        if (_host is null) return;
        _verifiedBy = name;
        _lastVerify = await Steps.VerifyAsync(_host, await Actors.GetAsync(), CancellationToken.None);
        await RefreshAsync();
    }

    private async Task RollbackAsync(string name, ChangeSetHistory? latest)
    {
        if (latest is null || _host is null) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Roll back this change set?",
            $"Every file it wrote ({latest.Set.Files.Count}) is put back byte for byte and the regeneration commands run again. The host needs a reboot afterwards to boot without the change.",
            yesText: "Roll back", cancelText: "Cancel");
        if (confirmed != true) return;
        _applying = name;
        StateHasChanged();
        try
        {
            var actor = await Actors.GetAsync();
            var host = _host;
            var permitted = await Task.Run(() => Steps.RollbackAsync(host, latest.Set.Id, actor, CancellationToken.None));
            var (text, severity) = permitted.Denied is { } denied
                ? (denied.Message, Severity.Error)
                : PassthroughWeb.Components.Shared.RollbackNotice.Of(permitted.Value);
            Snackbar.Add(text, severity);
            _lastApply = null;
            _planned = null;
            await RefreshAsync();
        }
        finally
        {
            _applying = null;
        }
    }
}
