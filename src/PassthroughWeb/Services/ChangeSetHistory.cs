using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services;

/// <summary>One change set in a host's history, with the boot it was applied in and its verification after the reboot.</summary>
public sealed record ChangeSetHistory
{
    /// <summary>The set: steps, user, time, state, files, each command with exit code and output, error, diffs (<c>Diff</c>).</summary>
    public required ChangeSet Set { get; init; }

    public string? BootId { get; init; }
    public StepExpectations? Expectations { get; init; }
    public StepVerification? Verification { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>Applied in the current boot, needs a reboot, not verified.</summary>
    public required bool RebootNeeded { get; init; }
}
