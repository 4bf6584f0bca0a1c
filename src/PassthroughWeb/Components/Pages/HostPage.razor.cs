using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Services.Drift;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Pages;

/// <summary>
/// A host's checklist: the stepper says where each of the five steps stands and which is next; below it each step's
/// card opens to its findings, plan and actions (the next one open). Step 1 is the scan, steps 2 and 3 are planned and
/// applied, step 4 configures or creates the VM, step 5 checks the guest drivers; "Rescan" stores a new profile.
/// </summary>
public partial class HostPage
{
    private StoredProfile? _profile;

    /// <summary>The host is reported by its agent: its steps run through the agent, and its history is the agent's.</summary>
    private bool _agentHost;

    private StepHost? _host;

    /// <summary>An agent's host: the steps its agent last reported, as the hub keeps them.</summary>
    private string? _reportedSteps;
    private bool _loading = true;
    private bool _rescanning;
    private string? _loadedName;

    /// <summary>Goes up whenever the feed says something finished on the host: the step cards read it again.</summary>
    private int _version;

    private StepHistory? _history;

    /// <summary>What each card last said of its step (its plan, its words, its own apply), by step number.</summary>
    private readonly Dictionary<int, StepFacts> _cards = [];

    private readonly HashSet<int> _expanded = [];

    /// <summary>Steps opened because they became next: each once, so a card the user closed stays closed.</summary>
    private readonly HashSet<int> _autoOpened = [];

    /// <summary>Where the host stands: from the scan and the history, with what the cards' plans say.</summary>
    // An agent's host whose agent does not answer (offline): the steps its agent last reported, else the scan's alone;
    // the cards' errors then say nothing of the steps. Answering, it is drawn as this app's own hosts are.
    private ChecklistProgress Progress => _agentHost && _history is null
        ? (Agents.Find(Name)?.LastReport is { } report ? PassthroughWeb.Services.Agents.AgentProgress.Of(report) : null)
            ?? PassthroughWeb.Services.Agents.AgentProgress.Of(_reportedSteps)
            ?? ChecklistProgress.Of(HostChecklist.FactsOf(_profile!.Report, _history))
        : ChecklistProgress.Of(HostChecklist.WithCards(HostChecklist.FactsOf(_profile!.Report, _history), _cards));

    /// <summary>How the newest scan differs from what the applied steps stand on (the same drift the checklist marks).</summary>
    private Core.Drift.HostDrift Drift => _history?.DriftIn(_profile!.Report) ?? Core.Drift.HostDrift.None;

    /// <summary>The host was imported from a listing: a read-only profile, step 1 only.</summary>
    private bool IsImported => _profile?.Report.Import is not null;

    private ChecklistView View => new() { Progress = Progress, Expanded = _expanded, Toggle = Toggle, Report = ReportCard };

    [Parameter] public required string Name { get; set; }

    // Steps 2 and 3's choices live in the URL, so a plan can be reloaded and linked to.
    [SupplyParameterFromQuery(Name = "gpu")] public string? Gpu { get; set; }
    [SupplyParameterFromQuery(Name = "bootgpu")] public bool? BootGpu { get; set; }
    [SupplyParameterFromQuery(Name = "acs")] public bool? Acs { get; set; }
    [SupplyParameterFromQuery(Name = "single")] public bool? Single { get; set; }

    /// <summary>Steps 4 and 5's VM, by its libvirt name.</summary>
    [SupplyParameterFromQuery(Name = "vm")] public string? Vm { get; set; }

    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>The request while the page is prerendered (null once interactive): an unknown host answers 404 there.</summary>
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    private StepChoices Choices => StepChoices.FromQuery(Gpu, BootGpu, Acs, Single);

    private void ChangeChoices(StepChoices choices) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(choices.ToQuery()));

    private void ChangeVm(string? vm) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("vm", string.IsNullOrEmpty(vm) ? null : vm));

    [Inject] public required HostCatalog Catalog { get; init; }
    [Inject] public required PassthroughWeb.Services.Agents.AgentConnections Agents { get; init; }
    [Inject] public required HostLookup Hosts { get; init; }

    /// <summary>The history: this app's, or the agent's for an agent's host.</summary>
    [Inject] public required StepOperations Steps { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required HostScanService Scans { get; init; }
    [Inject] public required PassthroughWeb.Services.Drift.PlannedDeviceRecorder PlannedDevices { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        // A change of the step choices changes only the query: keep the loaded profile (and the scroll position).
        if (_profile is not null && _loadedName == Name) return;
        _loading = true;
        _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None);
        _host = await Hosts.FindHostAsync(Name, CancellationToken.None);
        _reportedSteps = _host is { IsAgent: true } ? (await Catalog.FindHostAsync(Name, CancellationToken.None))?.ReportedStepsJson : null;
        _agentHost = _host is { IsAgent: true };
        _loadedName = Name;
        _cards.Clear();
        _expanded.Clear();
        _autoOpened.Clear();
        _history = _profile is null ? null : await LoadHistoryAsync();
        _loading = false;
        OpenNext();
        // The page still explains itself in words; the status tells links checkers, scripts and crawlers the same thing.
        if (_profile is null && HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>A change set, rollback, verification or scan finished, here or in another browser, the CLI or the API.</summary>
    private async Task SettledAsync(PassthroughWeb.Core.Events.HostEvent hostEvent)
    {
        if (hostEvent is PassthroughWeb.Core.Events.ScanStored)
            _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None) ?? _profile;
        _history = await LoadHistoryAsync();
        _version++;
        OpenNext();
    }

    /// <summary>A change set started (here, in another browser, the CLI or the API): its steps show as applying.</summary>
    private async Task StartedAsync(PassthroughWeb.Core.Events.ChangeSetStarted started) => _history = await LoadHistoryAsync();

    /// <summary>The drift panel's "keep the hardware as it is now": the operation checks the role again.</summary>
    private async Task AcceptDriftAsync()
    {
        var accepted = await PlannedDevices.AcceptAsync(Name, await Actors.GetAsync(), CancellationToken.None);
        _history = await LoadHistoryAsync();
        Snackbar.Add(accepted.Outcome == DriftAcceptanceOutcome.Accepted ? "The hardware as it is now is what the applied steps stand on from here." : accepted.Message,
            accepted.Outcome switch
            {
                DriftAcceptanceOutcome.Accepted => Severity.Success,
                DriftAcceptanceOutcome.NothingToAccept => Severity.Info,
                _ => Severity.Error,
            });
    }

    private async Task<StepHistory?> LoadHistoryAsync() => _host is null ? null : await Steps.HistoryAsync(_host, await Actors.GetAsync(), CancellationToken.None);

    private void Toggle(int step)
    {
        if (!_expanded.Remove(step)) _expanded.Add(step);
        StateHasChanged();
    }

    private async Task OpenStepAsync(int step)
    {
        _expanded.Add(step);
        StateHasChanged();
        await JS.InvokeVoidAsync("passthroughWeb.scrollToStep", $"step-{step}");
    }

    private void ReportCard(int step, StepFacts facts)
    {
        if (_cards.TryGetValue(step, out var known) && known == facts) return;
        _cards[step] = facts;
        OpenNext();
        _ = InvokeAsync(StateHasChanged);
    }

    /// <summary>Opens the next step's card the first time it is next; never closes one (the user may be reading it).</summary>
    private void OpenNext()
    {
        if (IsImported && _autoOpened.Add(1)) _expanded.Add(1);
        if (_profile is null || IsImported || Progress.Next is not { } next || !_autoOpened.Add(next)) return;
        _expanded.Add(next);
    }

    private async Task RescanAsync()
    {
        _rescanning = true;
        try
        {
            var result = await Scans.RescanAsync(Name, await Actors.GetAsync(), CancellationToken.None);
            if (result.Succeeded)
            {
                _profile = await Catalog.GetLatestAsync(Name, CancellationToken.None);
                Snackbar.Add($"Scanned again: profile #{result.ProfileId} stored.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error ?? "The rescan failed.", Severity.Error);
            }
        }
        finally
        {
            _rescanning = false;
        }
    }
}
