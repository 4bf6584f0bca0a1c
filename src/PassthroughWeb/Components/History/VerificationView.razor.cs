using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Components.History;

/// <summary>The checks made after a reboot, each passed or failed with its message.</summary>
public partial class VerificationView
{
    [Parameter, EditorRequired] public required StepVerification Verification { get; set; }

    [Parameter] public DateTimeOffset? At { get; set; }
}
