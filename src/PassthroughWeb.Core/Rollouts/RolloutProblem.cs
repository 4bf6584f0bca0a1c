namespace PassthroughWeb.Core.Rollouts;

/// <summary>Why a rollout could not be created, started or rolled back: nothing was changed, and the message says what to do.</summary>
public sealed record RolloutProblem(string Message)
{
    public override string ToString() => Message;
}
