namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The edited texts, the notes of the merge, and parameters that had no region to go in (the editor adds a line for them).</summary>
internal sealed record RegionEditResult(
    IReadOnlyList<string> Texts,
    IReadOnlyList<string> Notes,
    IReadOnlyList<KernelParameter> Unplaced,
    ParameterMergeResult Merge);
