namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>Step 5 for one card: where its Windows driver is, what to take, what the user should see when it works, and what to know.</summary>
public sealed record GuestDriverAdvice
{
    public required GpuVendor Vendor { get; init; }

    /// <summary>The card's name as pci.ids gives it, or its IDs.</summary>
    public required string GpuName { get; init; }

    /// <summary>The maker's driver download page, or null when there is no known one (then <see cref="WhatToDownload"/> says what to search for).</summary>
    public required string? DownloadPage { get; init; }

    public required string WhatToDownload { get; init; }

    /// <summary>What working looks like, one thing per item.</summary>
    public required IReadOnlyList<string> WhatYouShouldSee { get; init; }

    /// <summary>The NVIDIA architecture when the card is NVIDIA's and it could be told; null otherwise.</summary>
    public NvidiaGeneration? NvidiaGeneration { get; init; }

    public required HiddenHypervisorAdvice HiddenHypervisor { get; init; }

    /// <summary>What matters for this card in a VM (version advice, reset, Resizable BAR …).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The known problems worth reading before starting, for this card.</summary>
    public required IReadOnlyList<KnownProblem> KnownProblems { get; init; }
}
