namespace PassthroughWeb.Services;

/// <summary>One file of a plan as the preview shows it: why, the contents before and after, and the unified diff.</summary>
public sealed record PlannedFile
{
    public required string Path { get; init; }
    public required string Reason { get; init; }

    /// <summary>Null when the plan creates the file.</summary>
    public required string? Before { get; init; }

    public required string After { get; init; }
    public required string Diff { get; init; }
    public bool Creates => Before is null;
}
