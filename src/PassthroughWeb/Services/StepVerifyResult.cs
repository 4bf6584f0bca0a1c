using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services;

/// <summary>The verification of a host's newest applied change set, as recorded in its history.</summary>
public sealed record StepVerifyResult
{
    public required StepVerifyOutcome Outcome { get; init; }
    public Guid? ChangeSetId { get; init; }
    public StepVerification? Verification { get; init; }
    public required string Message { get; init; }
}
