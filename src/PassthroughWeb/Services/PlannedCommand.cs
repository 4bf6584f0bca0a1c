namespace PassthroughWeb.Services;

/// <summary>One command of a plan: the line as typed, the program and its arguments, why, and whether it will be skipped.</summary>
public sealed record PlannedCommand
{
    public required string Display { get; init; }
    public required string Program { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required string Reason { get; init; }

    /// <summary>The host root is not <c>/</c> (the demo, a copy of a host): the command is recorded as skipped, not run.</summary>
    public required bool WillBeSkipped { get; init; }
}
