namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>Step 5's result: the checks, the problems the checks found, those to watch for with this card, and the driver advice.</summary>
public sealed record GuestDriverReport
{
    public required IReadOnlyList<GuestCheck> Checks { get; init; }

    /// <summary>Known problems the checks point at now.</summary>
    public required IReadOnlyList<KnownProblem> DetectedProblems { get; init; }

    /// <summary>Known problems this card is prone to, to read when something goes wrong.</summary>
    public required IReadOnlyList<KnownProblem> ProblemsToWatch { get; init; }

    public required GuestDriverAdvice Advice { get; init; }

    /// <summary>True when every check passed: the VM runs, has the card, and Windows uses it with its maker's driver.</summary>
    public bool AllPassed => Checks.All(c => c.Outcome == GuestCheckOutcome.Passed);
}
