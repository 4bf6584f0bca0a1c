using MudBlazor;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// How a checklist state looks on every page: its words, colour and icon, and what the user does about it. The
/// stepper, the step cards and the hosts page all take it from here.
/// </summary>
public static class ChecklistStateStyle
{
    public static string Label(ChecklistState state) => state switch
    {
        ChecklistState.NotStarted => "not started",
        ChecklistState.NeedsAction => "needs action",
        ChecklistState.ReadyToApply => "ready to apply",
        ChecklistState.Applying => "applying",
        ChecklistState.RebootNeeded => "reboot needed",
        ChecklistState.Recheck => "re-check",
        ChecklistState.Verified => "verified",
        ChecklistState.Failed => "failed",
        _ => "done",
    };

    public static Color Color(ChecklistState state) => state switch
    {
        ChecklistState.NotStarted => MudBlazor.Color.Default,
        ChecklistState.NeedsAction => MudBlazor.Color.Warning,
        ChecklistState.ReadyToApply => MudBlazor.Color.Primary,
        ChecklistState.Applying => MudBlazor.Color.Info,
        ChecklistState.RebootNeeded => MudBlazor.Color.Warning,
        ChecklistState.Recheck => MudBlazor.Color.Warning,
        ChecklistState.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Success,
    };

    public static string Icon(ChecklistState state) => state switch
    {
        ChecklistState.NotStarted => Icons.Material.Outlined.RadioButtonUnchecked,
        ChecklistState.NeedsAction => Icons.Material.Filled.ErrorOutline,
        ChecklistState.ReadyToApply => Icons.Material.Filled.PlayCircleOutline,
        ChecklistState.Applying => Icons.Material.Filled.Autorenew,
        ChecklistState.RebootNeeded => Icons.Material.Filled.RestartAlt,
        ChecklistState.Recheck => Icons.Material.Filled.PublishedWithChanges,
        ChecklistState.Verified => Icons.Material.Filled.Verified,
        ChecklistState.Failed => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.CheckCircle,
    };

    /// <summary>What the user does next on a step in this state, in one sentence.</summary>
    public static string WhatToDo(ChecklistState state) => state switch
    {
        ChecklistState.NotStarted => "Open the step to see its plan.",
        ChecklistState.NeedsAction => "Open the step: it says what to choose or fix.",
        ChecklistState.ReadyToApply => "Read the plan, then apply it.",
        ChecklistState.Applying => "Wait: the change is being made (the activity panel shows each file and command).",
        ChecklistState.RebootNeeded => "Reboot the host, then press Verify.",
        ChecklistState.Recheck => "The hardware changed since this step was applied: read what changed at the top of the host page, then plan the step again.",
        ChecklistState.Failed => "Open the step to see what failed; fix it, then apply again or roll back.",
        ChecklistState.Verified => "Nothing: checked on the running host.",
        _ => "Nothing: this step is done.",
    };

    /// <summary>The CSS class that colours a state (border and icon) the same way everywhere.</summary>
    public static string CssClass(ChecklistState state) => "state-" + state.ToString().ToLowerInvariant();
}
