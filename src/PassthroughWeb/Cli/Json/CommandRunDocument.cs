namespace PassthroughWeb.Cli.Json;

public sealed record CommandRunDocument
{
    public required string Command { get; init; }

    /// <summary><c>apply</c>, <c>undo</c> or <c>rollback</c>.</summary>
    public required string Phase { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>timedOut</c>, <c>notStarted</c> or <c>skipped</c>.</summary>
    public required string Status { get; init; }

    public required int? ExitCode { get; init; }
    public required string StandardOutput { get; init; }
    public required string StandardError { get; init; }
}
