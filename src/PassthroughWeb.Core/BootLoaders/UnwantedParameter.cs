namespace PassthroughWeb.Core.BootLoaders;

/// <summary>A parameter value that must go from the command line (<c>amd_iommu=off</c> on an AMD host), and why.</summary>
public sealed record UnwantedParameter
{
    /// <summary>The parameter name (<c>amd_iommu</c>); '-' and '_' compare equal.</summary>
    public required string Name { get; init; }

    /// <summary>The values (comma-list options) that make an occurrence unwanted.</summary>
    public required IReadOnlyList<string> Values { get; init; }

    public required string Reason { get; init; }
}
