namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// The edited texts, the notes of the merge, and parameters that had no region to go in (the editor adds a line for them);
/// or, when a region opens a double quote it never closes, that parameter (<see cref="UnclosedQuote"/>) and the texts unchanged.
/// </summary>
internal sealed record RegionEditResult(
    IReadOnlyList<string> Texts,
    IReadOnlyList<string> Notes,
    IReadOnlyList<KernelParameter> Unplaced,
    ParameterMergeResult Merge)
{
    /// <summary>The parameter whose double quote is never closed, as written; null when every quote closes.</summary>
    public string? UnclosedQuote { get; init; }

    /// <summary>The refusal an editor gives for <see cref="UnclosedQuote"/>, naming where it is.</summary>
    public string UnclosedQuoteProblem(string where) =>
        $"{where}: the parameter {Shorten(UnclosedQuote ?? "")} opens a double quote that is never closed, so the kernel would read every parameter after it " +
        "as part of that one value (the IOMMU parameters too). Close the quote by hand, then plan again.";

    private static string Shorten(string token) => token.Length <= 60 ? token : token[..57] + "...";
}
