namespace PassthroughWeb.Cli.Json;

/// <summary>A problem users meet with passthrough: what it looks like, why, the fix, and the step where the fix lives.</summary>
public sealed record KnownProblemDocument
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Symptom { get; init; }
    public required string Cause { get; init; }
    public required string Fix { get; init; }
    public required int FixStep { get; init; }
}
