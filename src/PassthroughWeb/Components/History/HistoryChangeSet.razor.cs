using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.History;

/// <summary>
/// A change set opened from the history: its diffs, commands with output and exit codes, verification, and the
/// events recorded for it (the rehearsal run while it waited for the reboot, verifications, the rollback).
/// </summary>
public partial class HistoryChangeSet
{
    /// <summary>The set and its events. Required.</summary>
    [Parameter, EditorRequired] public required ChangeSetDetail Detail { get; set; }

    /// <summary>Inside its row of the list (no header of its own); false: a card of its own. Default false.</summary>
    [Parameter] public bool Embedded { get; set; }

    /// <summary>Where Close leads (the list without the set opened); null: no Close button.</summary>
    [Parameter] public string? CloseLink { get; set; }

    /// <summary>Whether an action is running (the Roll back button waits). Default false.</summary>
    [Parameter] public bool Busy { get; set; }

    /// <summary>Raised when an Operator presses Roll back.</summary>
    [Parameter] public EventCallback<ChangeSetHistory> OnRollback { get; set; }
}
