namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// What to do to a command line: <see cref="Edits"/> maps a token index to its replacement (null removes it),
/// <see cref="Additions"/> go at the end, <see cref="Notes"/> say what was replaced or removed and why.
/// </summary>
internal sealed record ParameterMergeResult(
    IReadOnlyDictionary<int, string?> Edits,
    IReadOnlyList<KernelParameter> Additions,
    IReadOnlyList<string> Notes)
{
    /// <summary>For each edited token, the sentence saying what happens to it and why.</summary>
    public IReadOnlyDictionary<int, string> Reasons { get; init; } = new Dictionary<int, string>();

    public bool IsEmpty => Edits.Count == 0 && Additions.Count == 0;
}
