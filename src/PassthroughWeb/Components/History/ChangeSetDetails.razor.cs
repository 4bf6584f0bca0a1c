using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Components.History;

/// <summary>One change set opened in the history: its diffs, each command with exit code and output, the verification.</summary>
public partial class ChangeSetDetails
{
    [Parameter, EditorRequired] public required ChangeSet Set { get; set; }

    [Parameter] public StepVerification? Verification { get; set; }

    [Parameter] public DateTimeOffset? VerifiedAt { get; set; }

    [Parameter] public bool RebootNeeded { get; set; }
}
