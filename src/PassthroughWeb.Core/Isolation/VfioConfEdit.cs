namespace PassthroughWeb.Core.Isolation;

/// <summary>What <see cref="VfioConfEditor"/> wants in etc/modprobe.d/vfio.conf.</summary>
internal sealed record VfioConfEdit
{
    /// <summary>IDs that must be in vfio-pci's ids= (binding by ID with vfio-pci a module).</summary>
    public required IReadOnlyList<string> WantedIds { get; init; }

    /// <summary>IDs that must not be in ids= (the chosen card's IDs when they collide, or when vfio-pci is built in).</summary>
    public required IReadOnlyList<string> ForbiddenIds { get; init; }

    /// <summary>disable_vga=1 wanted (true), unwanted (false), or left as the user wrote it (null).</summary>
    public bool? DisableVga { get; init; }

    /// <summary>Modules that need <c>softdep MODULE pre: vfio-pci</c>.</summary>
    public required IReadOnlyList<string> SoftdepModules { get; init; }
}
