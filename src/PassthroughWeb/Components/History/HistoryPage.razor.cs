using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.History;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Components.History;

/// <summary>
/// The audit trail (<c>/history</c>, or <c>/hosts/NAME/history</c> for one host): change sets and events, filtered and
/// paged by key through <see cref="HistoryQuery.PageAsync"/>. The whole view is in the URL (<c>host</c>, <c>step</c>,
/// <c>user</c>, <c>outcome</c>, <c>from</c>, <c>to</c>, the page's <c>after</c> and the opened <c>set</c>), so a reload
/// or a shared link shows the same thing. Rollback is offered on an opened applied set.
/// </summary>
public partial class HistoryPage
{
    private AuditFilter _filter = AuditFilter.None;
    private AuditCursor? _after;
    private AuditPage? _page;
    private ChangeSetDetail? _opened;
    private IReadOnlyList<string> _hosts = [];
    private string? _problem;
    private bool _busy;
    private string? _loadedFor;

    /// <summary>The host of <c>/hosts/NAME/history</c>, or null.</summary>
    [Parameter] public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "host")] public string? HostQuery { get; set; }
    [SupplyParameterFromQuery(Name = "step")] public string? StepQuery { get; set; }
    [SupplyParameterFromQuery(Name = "user")] public string? UserQuery { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? OutcomeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToQuery { get; set; }
    [SupplyParameterFromQuery(Name = "after")] public string? AfterQuery { get; set; }
    [SupplyParameterFromQuery(Name = "set")] public Guid? Open { get; set; }

    [Inject] public required HistoryQuery Histories { get; init; }

    [Inject] public required RollbackOperation Rollbacks { get; init; }

    /// <summary>The signed-in user, passed into every operation (the services check the role, not only this page).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    [Inject] public required HostCatalog Catalog { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private string? HostName => _filter.Host;

    private bool OpenedInPage => _page?.Entries.Any(e => e.Kind == AuditEntryKind.ChangeSet && e.ChangeSetId == Open) == true;

    protected override async Task OnParametersSetAsync()
    {
        var key = string.Join('\u001f', Name, HostQuery, StepQuery, UserQuery, OutcomeQuery, FromQuery, ToQuery, AfterQuery, Open);
        if (key == _loadedFor) return;
        _loadedFor = key;
        if (_hosts.Count == 0) _hosts = [.. (await Catalog.ListHostsAsync(CancellationToken.None)).Select(h => h.Name)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _problem = null;
        if (!AuditFilter.TryParse(HostQuery ?? Name, StepQuery, UserQuery, OutcomeQuery, FromQuery, ToQuery, out var filter, out var problems))
            _problem = "This link's filters are not ones the history knows: " + string.Join(' ', problems);
        _filter = filter;
        _after = null;
        if (!string.IsNullOrEmpty(AfterQuery))
        {
            if (AuditCursor.TryParse(AfterQuery, out var cursor)) _after = cursor;
            else _problem = $"This link's page ('{AfterQuery}') is not one the history knows; showing the newest entries.";
        }
        _page = await Histories.PageAsync(_filter, _after, HistoryQuery.DefaultPageSize, CancellationToken.None);
        _opened = Open is { } id ? await Histories.ChangeSetAsync(id, CancellationToken.None) : null;
        if (Open is { } missing && _opened is null) _problem = $"There is no change set {missing}.";
    }

    /// <summary>A new filter starts again from the newest entries, with nothing opened.</summary>
    private void OnFilterChanged(AuditFilter filter) => Navigation.NavigateTo(HistoryLinks.Filtered(filter));

    private static string WhatText(AuditEntry entry) => entry.Kind == AuditEntryKind.ChangeSet
        ? (entry.Steps.Count == 1 ? "Step " : "Steps ") + string.Join(" + ", entry.Steps.Select(StepText))
        : EventText(entry.What) + (entry.Steps.Count > 0 ? $" · {(entry.Steps.Count == 1 ? "step" : "steps")} {string.Join(" + ", entry.Steps.Select(StepNumber))}" : "");

    /// <summary>The change set's state by name (<c>ChangeSetState</c>), as the host page's tests and scripts read it.</summary>
    private static string StateName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Applied => nameof(Core.Changes.ChangeSetState.Applied),
        AuditOutcome.Failed => nameof(Core.Changes.ChangeSetState.Failed),
        AuditOutcome.RolledBack => nameof(Core.Changes.ChangeSetState.RolledBack),
        AuditOutcome.Interrupted => nameof(Core.Changes.ChangeSetState.Interrupted),
        _ => nameof(Core.Changes.ChangeSetState.InProgress),
    };

    private static string StepText(string step) => step switch
    {
        "host" => "2 (IOMMU)",
        "isolate" => "3 (isolate the GPU)",
        "vm" => "4 (the VM)",
        "guest" => "5 (guest drivers)",
        _ => step,
    };

    private static string StepNumber(string step) => step switch { "host" => "2", "isolate" => "3", "vm" => "4", "guest" => "5", _ => step };

    private static string EventText(string kind) => kind switch
    {
        "verification" => "Verification",
        "rehearsal" => "Rehearsal",
        "rollback" => "Rollback",
        "recovery" => "Recovery at start-up",
        "vm-shutdown" => "VM shutdown request",
        "guest-check" => "Guest check",
        "guest-drivers-done" => "Step 5 marked done",
        "initramfs-check" => "Initramfs check",
        "drift-accepted" => "Changed hardware accepted",
        _ => kind,
    };

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
