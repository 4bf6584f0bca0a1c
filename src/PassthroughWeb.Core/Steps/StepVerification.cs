namespace PassthroughWeb.Core.Steps;

/// <summary>Every check made after the reboot for a change set's steps; the steps worked when all passed.</summary>
public sealed record StepVerification
{
    public required IReadOnlyList<StepCheck> Checks { get; init; }

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>One sentence: passed, or the first failures.</summary>
    public string Summary => Passed
        ? $"All {Checks.Count} checks passed."
        : Checks.Count == 0 ? "Nothing could be checked." : string.Join(" ", Checks.Where(c => !c.Passed).Select(c => c.Message));
}
