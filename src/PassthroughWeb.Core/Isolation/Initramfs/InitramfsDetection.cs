namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>Which initramfs systems a host has, which one builds its images, and its installed kernels.</summary>
public sealed record InitramfsDetection
{
    /// <summary>Every system with a program or configuration on the host, strongest evidence first.</summary>
    public required IReadOnlyList<DetectedInitramfsSystem> Systems { get; init; }

    /// <summary>The system that builds the host's images, or null when none was found or two are equally likely.</summary>
    public DetectedInitramfsSystem? Active { get; init; }

    public required IReadOnlyList<InstalledKernel> Kernels { get; init; }

    /// <summary>What the detector could not decide, in words (two systems installed, a kernel directory without modules …).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
