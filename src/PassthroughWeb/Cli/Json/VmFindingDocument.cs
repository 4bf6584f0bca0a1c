namespace PassthroughWeb.Cli.Json;

/// <summary>One finding of the VM check (<c>plan --steps vm</c>).</summary>
public sealed record VmFindingDocument
{
    public required string Id { get; init; }

    /// <summary><c>info</c>, <c>warning</c> or <c>blocking</c>.</summary>
    public required string Severity { get; init; }

    public required string Explanation { get; init; }
    public required string Fix { get; init; }
    public required bool FixedByPlan { get; init; }
}
