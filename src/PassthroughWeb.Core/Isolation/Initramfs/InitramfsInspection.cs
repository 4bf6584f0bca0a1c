namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>The check of every installed kernel's image before the reboot banner.</summary>
public sealed record InitramfsInspection
{
    public required IReadOnlyList<ImageInspection> Images { get; init; }

    /// <summary>An image lacks the vfio modules or the binding files, or a kernel has no image: no reboot banner.</summary>
    public bool IsBlocking => Images.Count == 0 || Images.Any(i => i.IsBlocking);

    public string Summary => Images.Count == 0
        ? "No installed kernel was found, so no image could be checked."
        : string.Join("\n", Images.Select(i => i.Message));
}
