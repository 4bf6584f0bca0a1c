namespace PassthroughWeb.Core.Changes;

/// <summary>Why a command ran: to apply the set, to undo a failed apply, or for a rollback.</summary>
public enum ChangePhase
{
    Apply,
    Undo,
    Rollback,
}
