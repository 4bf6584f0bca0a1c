namespace PassthroughWeb.Core.Checklist;

/// <summary>One step's place in the checklist: its state, whether it is the next one, and what it waits for.</summary>
public sealed record StepProgress
{
    /// <summary>1 to 5.</summary>
    public required int Number { get; init; }

    public required ChecklistState State { get; init; }

    /// <summary>The first step that is neither done nor verified.</summary>
    public required bool IsNext { get; init; }

    /// <summary>The earlier step this one waits for, in words ("Step 3 needs step 2's reboot first."); null when it waits for none.</summary>
    public string? WaitsFor { get; init; }

    /// <summary>The facts' own words, passed through.</summary>
    public string? Detail { get; init; }

    /// <summary>Done or verified: nothing is left to do on it.</summary>
    public bool IsComplete => State is ChecklistState.Done or ChecklistState.Verified;
}
