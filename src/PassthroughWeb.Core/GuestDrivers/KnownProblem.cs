namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>A problem users meet, what it looks like, why it happens and how to fix it, in words; and the step where the fix lives.</summary>
public sealed record KnownProblem
{
    public required KnownProblemId Id { get; init; }
    public required string Title { get; init; }

    /// <summary>What the user sees.</summary>
    public required string Symptom { get; init; }

    /// <summary>Why it happens, in plain words.</summary>
    public required string Cause { get; init; }

    public required string Fix { get; init; }

    /// <summary>The checklist step where the fix is made.</summary>
    public required ChecklistStep FixStep { get; init; }
}
