namespace PassthroughWeb.Core.Steps;

/// <summary>Why a step will not be planned as asked, and what the user can do about it.</summary>
public sealed record StepRefusal
{
    public required HostStep Step { get; init; }
    public required string Why { get; init; }
    public required string WhatToDo { get; init; }

    /// <summary>Choosing single-GPU mode lifts this refusal (the boot display or the only GPU).</summary>
    public bool LiftedBySingleGpuChoice { get; init; }
}
