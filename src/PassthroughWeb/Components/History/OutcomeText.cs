using MudBlazor;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Components.History;

/// <summary>An audit outcome in words and colour, the same in the filter, the list and the chips.</summary>
public static class OutcomeText
{
    public static string Of(string word) => word.Replace('-', ' ');

    public static string Of(AuditOutcome outcome) => Of(AuditFilter.WordOf(outcome));

    public static Color ColorOf(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Applied or AuditOutcome.Passed => Color.Success,
        AuditOutcome.Failed or AuditOutcome.Interrupted => Color.Error,
        AuditOutcome.InProgress => Color.Info,
        _ => Color.Default,
    };
}
