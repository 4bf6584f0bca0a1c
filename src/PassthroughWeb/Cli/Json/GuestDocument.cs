namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>guest --json</c>: step 5's checks, problems and driver advice for one VM and card.</summary>
public sealed record GuestDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required string Connection { get; init; }
    public required string Vm { get; init; }
    public required string Gpu { get; init; }

    /// <summary>Why the checks could not be made (no such card or VM, libvirt not reachable); null when they were.</summary>
    public required string? Problem { get; init; }

    public required bool AllPassed { get; init; }
    public required IReadOnlyList<GuestCheckDocument> Checks { get; init; }
    public required IReadOnlyList<KnownProblemDocument> DetectedProblems { get; init; }
    public required IReadOnlyList<KnownProblemDocument> ProblemsToWatch { get; init; }
    public required DriverAdviceDocument? Advice { get; init; }

    /// <summary>When step 5 was last marked done for this VM (<c>--done</c>); null when never.</summary>
    public required DateTimeOffset? MarkedDoneAt { get; init; }
}
