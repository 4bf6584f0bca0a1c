using MudBlazor;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Shared;

/// <summary>How the web app tells the outcome of a rollback: the one place its outcomes become words and a severity.</summary>
public static class RollbackNotice
{
    /// <summary>The snackbar for <paramref name="result"/>; <paramref name="rolledBack"/> replaces the generic success text (a VM's own words).</summary>
    public static (string Text, Severity Severity) Of(RollbackResult result, string? rolledBack = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            RollbackOutcome.RolledBack => (rolledBack ?? "Rolled back: every file is as it was before the change set.", Severity.Success),
            // A second tab (or the CLI) got there first: what the user wanted holds, so it is news, not a failure.
            RollbackOutcome.AlreadyRolledBack => (
                $"This change set was already rolled back{(result.RolledBackAt is { } at ? " " + TimeText.Utc(at) : "")} (from another tab or the command line): nothing needed doing.",
                Severity.Info),
            _ => ($"The rollback did not finish: {result.Error?.Message}", Severity.Error),
        };
    }
}
