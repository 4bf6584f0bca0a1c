namespace PassthroughWeb.Core.BootLoaders;

/// <summary>A parameter the plan puts on the command line, why, and which existing values of it are replaced.</summary>
public sealed record WantedParameter
{
    public required KernelParameter Parameter { get; init; }

    /// <summary>Why the parameter is there, in a sentence the UI shows next to it.</summary>
    public required string Explanation { get; init; }

    /// <summary>An extra the user chose, not one every host with this CPU needs.</summary>
    public bool IsExtra { get; init; }

    /// <summary>What the user gives up by choosing it (pcie_acs_override), or null.</summary>
    public string? Warning { get; init; }

    /// <summary>
    /// Values of the same parameter that undo this one (<c>off</c> for <c>intel_iommu=on</c>). A value is a comma
    /// list for these parameters, so <c>intel_iommu=off,sm_on</c> conflicts too. Conflicting occurrences are replaced.
    /// </summary>
    public IReadOnlyList<string> ConflictingValues { get; init; } = [];

    /// <summary>Any other value of the parameter is replaced: there is one list of IDs, not two.</summary>
    public bool ReplacesOtherValues { get; init; }

    /// <summary>
    /// The value is a comma list the kernel reads option by option (<c>intel_iommu=on,igfx_off</c>), so an occurrence
    /// whose list holds the wanted value already satisfies it.
    /// </summary>
    public bool ValueIsList { get; init; }
}
