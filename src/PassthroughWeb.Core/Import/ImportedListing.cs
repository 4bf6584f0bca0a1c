namespace PassthroughWeb.Core.Import;

/// <summary>What a report built from an imported listing is: the listing's format, what it cannot know, what was not read.</summary>
public sealed record ImportedListing
{
    public required ListingFormat Format { get; init; }

    /// <summary>The file the listing came from, when it came from one (a name, never a path on this machine).</summary>
    public string? SourceName { get; init; }

    /// <summary>What a listing of this format does not show, each in one sentence: the verdicts do not stand on these.</summary>
    public required IReadOnlyList<string> Unknowns { get; init; }

    /// <summary>Lines that looked like devices but could not be read whole, and devices left out because of them.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}
