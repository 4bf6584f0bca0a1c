namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>drift accept --json</c> (and answered by <c>POST /api/hosts/{name}/drift/accept</c>).</summary>
public sealed record DriftAcceptDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required string Host { get; init; }

    /// <summary><c>accepted</c> or <c>nothingToAccept</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>What was accepted (every difference), or why nothing was.</summary>
    public required string Message { get; init; }

    public static DriftAcceptDocument Map(string host, Services.Drift.DriftAcceptance acceptance)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        return new()
        {
            SchemaVersion = CurrentSchemaVersion,
            Host = host,
            Outcome = acceptance.Outcome == Services.Drift.DriftAcceptanceOutcome.Accepted ? "accepted" : "nothingToAccept",
            Message = acceptance.Message,
        };
    }
}
