namespace PassthroughWeb.Services.Vm;

/// <summary>Step 5 marked done for a VM, or why it was not (an agent's host whose agent is offline or did not answer).</summary>
public sealed record GuestDoneResult
{
    /// <summary>The history (this app's, or the agent's for an agent's host) records it.</summary>
    public required bool Marked { get; init; }

    /// <summary>What happened, in words for the page.</summary>
    public required string Message { get; init; }

    /// <summary>The checks made again after marking, with when it was marked; null when it was not marked.</summary>
    public GuestStepReport? Report { get; init; }
}
