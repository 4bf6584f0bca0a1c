namespace PassthroughWeb.Core.Rehearsal;

/// <summary>What a rehearsal of the reboot showed: the outcome, each check in words, and the guest's console log.</summary>
public sealed record RehearsalReport
{
    public required RehearsalOutcome Outcome { get; init; }

    /// <summary>One or two sentences: passed, or why not.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<RehearsalCheck> Checks { get; init; } = [];

    /// <summary>The guest's serial console, whole (empty when it never booted).</summary>
    public string ConsoleLog { get; init; } = "";

    /// <summary>What the image builder printed (on failure, its error output).</summary>
    public string ImageLog { get; init; } = "";

    public RehearsalEvidence? Evidence { get; init; }

    /// <summary>The machine that was booted (null when none was).</summary>
    public RehearsalSetup? Setup { get; init; }

    /// <summary>The accelerator asked for and used, and why (null when nothing got as far as choosing one).</summary>
    public RehearsalAcceleration? Acceleration { get; init; }

    public TimeSpan Duration { get; init; }

    public bool Passed => Outcome == RehearsalOutcome.Passed;
}
