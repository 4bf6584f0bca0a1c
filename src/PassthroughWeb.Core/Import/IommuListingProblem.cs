namespace PassthroughWeb.Core.Import;

/// <summary>A line of a listing that looks like a device but could not be read whole, and why.</summary>
public sealed record IommuListingProblem
{
    public required int LineNumber { get; init; }
    public required string Line { get; init; }
    public required string Message { get; init; }
}
