using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Components.History;

/// <summary>
/// The history's filters: host, step, user, outcome and a range of days. It holds no state of its own: it shows
/// <see cref="Filter"/> and reports each change through <see cref="FilterChanged"/> (the page puts it in the URL).
/// </summary>
public partial class HistoryFilters
{
    private string? _problem;

    /// <summary>The filter shown. Required.</summary>
    [Parameter, EditorRequired] public required AuditFilter Filter { get; set; }

    /// <summary>The hosts to choose from (a host in <see cref="Filter"/> is offered even when missing here).</summary>
    [Parameter] public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>Raised with the new filter when a control changes it.</summary>
    [Parameter] public EventCallback<AuditFilter> FilterChanged { get; set; }

    private IEnumerable<string> HostChoices => Filter.Host is { } host && !Hosts.Contains(host) ? [.. Hosts, host] : Hosts;

    private static readonly (string Word, string Label)[] StepChoices =
    [
        ("host", "2 · IOMMU on"), ("isolate", "3 · GPU on vfio-pci"), ("vm", "4 · the VM"), ("guest", "5 · guest drivers"),
    ];

    private Task ChangeAsync(AuditFilter filter)
    {
        _problem = null;
        return FilterChanged.InvokeAsync(filter);
    }

    private Task ChangeOutcomeAsync(string? word) =>
        ChangeAsync(Filter with { Outcome = AuditFilter.OutcomeWords.Where(w => w.Word == word).Select(w => (AuditOutcome?)w.Outcome).FirstOrDefault() });

    /// <summary>The day fields go through the same reader as the URL and the API, so the rules (from before to) are one.</summary>
    private Task ChangeTimeAsync(string? from, string? to)
    {
        if (!AuditFilter.TryParse(null, null, null, null, from, to, out var times, out var problems))
        {
            _problem = string.Join(' ', problems);
            return Task.CompletedTask;
        }
        _problem = null;
        return FilterChanged.InvokeAsync(Filter with { From = times.From, To = times.To });
    }

    private static string? DateWord(DateTimeOffset? value, bool endOfDay) =>
        value is { } v ? AuditFilter.TimeWord(v, endOfDay) is { Length: 10 } day ? day : null : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
