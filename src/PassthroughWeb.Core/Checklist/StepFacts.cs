namespace PassthroughWeb.Core.Checklist;

/// <summary>
/// What is known about one step of a host: its plan, its newest change set, the pending reboot and the verification.
/// <see cref="ChecklistProgress"/> turns the five of them into states; nothing else decides a state.
/// </summary>
public sealed record StepFacts
{
    public StepPlanFact Plan { get; init; }

    public StepChangeFact Change { get; init; }

    /// <summary>The newest change set covering the step was applied in this boot and needs a reboot.</summary>
    public bool RebootPending { get; init; }

    public StepVerificationFact Verification { get; init; }

    /// <summary>The newest profile contradicts the devices the step's applied change set stands on (Core.Drift), in words; null when it does not.</summary>
    public string? Drift { get; init; }

    /// <summary>The user marked the step done (step 5, the guest drivers).</summary>
    public bool MarkedDone { get; init; }

    /// <summary>
    /// The step is applied together with the one before it (step 3 carries step 2 in one change set): it does not
    /// wait for that step to be applied first.
    /// </summary>
    public bool AppliesWithPrevious { get; init; }

    /// <summary>The facts in a few words, for the user ("choose a VM in step 4", "IOMMU on in the latest scan"); optional.</summary>
    public string? Detail { get; init; }
}
