using Microsoft.AspNetCore.Components;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Rollouts;

namespace PassthroughWeb.Components.Rollouts;

/// <summary>Every rollout, newest first, and (for Operators) a new one: hosts, canary, steps, card, batch size. The operation checks the role.</summary>
public partial class RolloutsPage
{
    private IReadOnlyList<string> _hosts = [];
    private IReadOnlyCollection<string> _chosen = [];
    private string? _canary;
    private string _steps = "host,isolate";
    private string? _gpu;
    private int _batchSize = 1;
    private string? _error;
    private bool _creating;
    private IReadOnlyList<RolloutDocument>? _rollouts;

    [Inject] public required RolloutOperation Rollouts { get; init; }
    [Inject] public required HostCatalog Catalog { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _hosts = [.. (await Catalog.ListHostsAsync(CancellationToken.None)).Where(h => h.Source != Data.HostSource.Import).Select(h => h.Name)];
        _rollouts = [.. (await Rollouts.ListAsync(50, CancellationToken.None)).Select(r => RolloutDocumentMapper.Map(r, new Dictionary<string, string?>()))];
    }

    private async Task CreateAsync()
    {
        _error = null;
        PciAddress? gpu = null;
        if (!string.IsNullOrWhiteSpace(_gpu))
        {
            if (!PciAddress.TryParse(_gpu.Trim(), out var parsed))
            {
                _error = $"'{_gpu}' is not a PCI address: give it as 0000:03:00.0 or 03:00.0, as the host's page lists it.";
                return;
            }
            gpu = parsed;
        }
        var chosen = _chosen.ToList();
        // The canary first, then the others in the order they were chosen.
        if (_canary is { } canary && chosen.Remove(canary)) chosen.Insert(0, canary);
        _creating = true;
        try
        {
            var answer = await Rollouts.CreateAsync(new RolloutRequest
            {
                Hosts = chosen, Steps = HostSteps.TryParse(_steps, out _) ?? [], Gpu = gpu, BatchSize = _batchSize,
            }, await Actors.GetAsync(), CancellationToken.None);
            if (answer.View is { } view)
            {
                Navigation.NavigateTo($"rollouts/{view.Rollout.Id}");
                return;
            }
            _error = answer.Message;
        }
        finally
        {
            _creating = false;
        }
    }
}
