using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Services;

/// <summary>An import's answer: the stored profile and its report, or why nothing was stored.</summary>
public sealed record HostImportResult
{
    public required HostImportOutcome Outcome { get; init; }

    /// <summary>What happened, in one or two sentences for the user.</summary>
    public required string Message { get; init; }

    public int? ProfileId { get; init; }

    /// <summary>The imported host's report with its verdicts; null when nothing was stored.</summary>
    public ScanReport? Report { get; init; }

    public Core.Access.NotAllowed? Denied { get; init; }

    public bool Succeeded => Outcome == HostImportOutcome.Imported;
}
