namespace PassthroughWeb.Core.Isolation;

/// <summary>Why step 3 will not isolate a card, and what the user can do about it.</summary>
public sealed record IsolationRefusal
{
    public required IsolationRefusalKind Kind { get; init; }
    public required string Why { get; init; }
    public required string WhatToDo { get; init; }

    /// <summary>Whether an explicit single-GPU choice lifts this refusal.</summary>
    public bool LiftedBySingleGpuChoice => Kind is IsolationRefusalKind.BootDisplay or IsolationRefusalKind.OnlyGpu;
}
