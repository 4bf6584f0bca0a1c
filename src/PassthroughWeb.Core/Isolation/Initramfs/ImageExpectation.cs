namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// What a built image must contain for the isolation to work at boot: the vfio modules (unless built into the
/// kernel) and files at paths inside the image (the binding script, the modprobe configuration), each with why.
/// </summary>
public sealed record ImageExpectation
{
    /// <summary>Module names (underscores) that must be inside, as <c>NAME.ko</c> or compressed.</summary>
    public required IReadOnlyList<string> Modules { get; init; }

    /// <summary>Paths inside the image, without a leading slash, and what each one is for.</summary>
    public required IReadOnlyList<ExpectedImageFile> Files { get; init; }
}
