using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>How applying step 4 (an edit or a new VM) ended, with every virsh call and its output.</summary>
public partial class VmApplyResultView
{
    [Parameter, EditorRequired] public required VmApplyResult Result { get; set; }

    private Severity Severity => Result.Outcome switch
    {
        StepApplyOutcome.Applied or StepApplyOutcome.NothingToDo => Severity.Success,
        _ => Severity.Error,
    };

    private string Heading => Result.Outcome switch
    {
        StepApplyOutcome.Applied => "Applied.",
        StepApplyOutcome.NothingToDo => "Nothing to do.",
        StepApplyOutcome.Failed => "The apply failed; libvirt has the VM's previous definition back.",
        StepApplyOutcome.Refused => "Refused; nothing was changed.",
        StepApplyOutcome.NotAllowed => "Not allowed; nothing was changed.",
        StepApplyOutcome.Stale => "The host changed since this plan was shown; nothing was changed.",
        StepApplyOutcome.Busy => "The host is busy with another change; nothing was changed.",
        _ => "Error; nothing was changed.",
    };
}
