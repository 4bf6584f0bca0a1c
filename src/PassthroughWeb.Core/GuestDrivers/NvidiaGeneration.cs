namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// One NVIDIA GPU architecture and what its newest Windows driver means for a VM: drivers before 465 stop with
/// Code 43 when they see a hypervisor, so a card whose last driver is older can only run with the hypervisor hidden.
/// </summary>
public sealed record NvidiaGeneration
{
    /// <summary>The architecture: "Fermi", "Kepler" ….</summary>
    public required string Name { get; init; }

    /// <summary>The chip prefix pci.ids puts before the card names: "GF", "GK", "TU" ….</summary>
    public required IReadOnlyList<string> ChipPrefixes { get; init; }

    /// <summary>Which cards these are, in words a buyer knows: "GeForce 600 and 700 series (most)".</summary>
    public required string Cards { get; init; }

    /// <summary>The newest Windows driver branch that supports the cards, in words: "474.xx (the R470 branch)".</summary>
    public required string LastWindowsDriver { get; init; }

    /// <summary>Whether a Windows driver of version 465 or later exists for these cards (the first that runs in a VM as it is).</summary>
    public required bool HasDriverFrom465 { get; init; }
}
