namespace PassthroughWeb.Cli.Json;

/// <summary>Where the card's Windows driver is, what to take, and what working looks like.</summary>
public sealed record DriverAdviceDocument
{
    /// <summary><c>nvidia</c>, <c>amd</c>, <c>intel</c> or <c>other</c>.</summary>
    public required string Vendor { get; init; }

    public required string GpuName { get; init; }
    public required string? DownloadPage { get; init; }
    public required string WhatToDownload { get; init; }
    public required IReadOnlyList<string> WhatYouShouldSee { get; init; }

    /// <summary>The NVIDIA architecture, when the card is NVIDIA's and it could be told.</summary>
    public required string? NvidiaGeneration { get; init; }

    /// <summary><c>notNeeded</c>, <c>recommended</c> or <c>required</c>.</summary>
    public required string HideHypervisor { get; init; }

    public required string HideHypervisorReason { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}
