using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Steps;

/// <summary>How an apply ended: applied, failed (files restored), refused, by hand or an error, with the commands' output.</summary>
public partial class ApplyResultView
{
    [Parameter, EditorRequired] public required StepApplyResult Result { get; set; }

    private Severity Severity => Result.Outcome switch
    {
        StepApplyOutcome.Applied or StepApplyOutcome.NothingToDo => Severity.Success,
        StepApplyOutcome.Manual => Severity.Warning,
        _ => Severity.Error,
    };

    private string Heading => Result.Outcome switch
    {
        StepApplyOutcome.Applied => "Applied.",
        StepApplyOutcome.NothingToDo => "Nothing to do.",
        StepApplyOutcome.Failed => "The apply failed; every file is back as it was.",
        StepApplyOutcome.Refused => "Refused; nothing was changed.",
        StepApplyOutcome.Manual => "Do this by hand.",
        StepApplyOutcome.NotAllowed => "Not allowed; nothing was changed.",
        StepApplyOutcome.Stale => "The host changed since this plan was shown; nothing was changed.",
        StepApplyOutcome.Busy => "The host is busy with another change; nothing was changed.",
        _ => "Error; nothing was changed.",
    };
}
