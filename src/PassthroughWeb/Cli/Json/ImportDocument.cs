namespace PassthroughWeb.Cli.Json;

/// <summary>In a scan document of an imported host: which listing it was built from and what such a listing cannot show.</summary>
public sealed record ImportDocument
{
    /// <summary><c>iommu-groups</c> (the guide's loop), <c>lspci-nnk</c> or <c>lspci-nn</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The uploaded file's name, or null for pasted text.</summary>
    public required string? SourceName { get; init; }

    public required IReadOnlyList<string> Unknowns { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }
}
