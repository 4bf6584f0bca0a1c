using PassthroughWeb.Services.Operations;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.History;

/// <summary>
/// The change sets of every host (<c>/history</c>) or of one (<c>/hosts/NAME/history</c>), newest first; the one
/// opened is in the URL (<c>?set=ID</c>) so it can be linked to. Rollback is offered on applied sets.
/// </summary>
public partial class HistoryPage
{
    private IReadOnlyList<ChangeSetHistory>? _rows;
    private IReadOnlyList<HostHistoryEvent> _events = [];
    private bool _busy;

    /// <summary>The host, or null for every host.</summary>
    [Parameter] public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "set")] public Guid? Open { get; set; }

    [Inject] public required HistoryQuery Histories { get; init; }

    [Inject] public required RollbackOperation Rollbacks { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required HostCatalog Catalog { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private string BaseLink => Name is null ? HistoryLinks.All : HistoryLinks.Host(Name);

    protected override async Task OnParametersSetAsync()
    {
        if (_rows is null || _loadedFor != Name) await LoadAsync();
    }

    private string? _loadedFor;

    private async Task LoadAsync()
    {
        _loadedFor = Name;
        var names = Name is not null ? [Name] : (await Catalog.ListHostsAsync(CancellationToken.None)).Select(h => h.Name).ToList();
        var rows = new List<ChangeSetHistory>();
        var events = new List<HostHistoryEvent>();
        foreach (var name in names)
        {
            var history = await Histories.HistoryAsync(name, CancellationToken.None);
            rows.AddRange(history.ChangeSets);
            events.AddRange(history.Events.Select(e => new HostHistoryEvent(name, e)));
        }
        _rows = [.. rows.OrderByDescending(r => r.Set.CreatedAt)];
        _events = [.. events.OrderByDescending(e => e.Event.At)];
    }

    private static string StepsText(ChangeSet set)
    {
        var numbers = set.Steps.Select(s => s switch
        {
            HostSteps.HostName => "2 (IOMMU)",
            HostSteps.IsolateName => "3 (isolate the GPU)",
            _ => s,
        }).ToList();
        return (numbers.Count == 1 ? "Step " : "Steps ") + string.Join(" + ", numbers);
    }

    private async Task RollbackAsync(ChangeSetHistory row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Roll back this change set?",
            $"Every file it wrote ({row.Set.Files.Count}) on {row.Set.Host} is put back byte for byte and the regeneration commands run again.",
            yesText: "Roll back", cancelText: "Cancel");
        if (confirmed != true) return;
        _busy = true;
        try
        {
            var actor = await Actors.GetAsync();
            var permitted = await Task.Run(() => Rollbacks.RollbackAsync(row.Set.Id, actor, force: false, CancellationToken.None));
            var (text, severity) = permitted.Denied is { } denied
                ? (denied.Message, Severity.Error)
                : PassthroughWeb.Components.Shared.RollbackNotice.Of(permitted.Value);
            Snackbar.Add(text, severity);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
