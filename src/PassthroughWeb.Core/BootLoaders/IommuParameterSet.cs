namespace PassthroughWeb.Core.BootLoaders;

/// <summary>What step 2 wants on the command line for one host: parameters to have, values to lose, and what to tell the user.</summary>
public sealed record IommuParameterSet
{
    public required IReadOnlyList<WantedParameter> Wanted { get; init; }
    public IReadOnlyList<UnwantedParameter> Unwanted { get; init; } = [];

    /// <summary>Choices that were not honoured and why (vfio-pci is a module, the kernel lacks the ACS patch …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Input that was refused (a malformed PCI ID …); a plan is not made while there are any.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The parameters as one command-line fragment: <c>intel_iommu=on iommu=pt</c>.</summary>
    public string Text => string.Join(' ', Wanted.Select(w => w.Parameter.Text));
}
