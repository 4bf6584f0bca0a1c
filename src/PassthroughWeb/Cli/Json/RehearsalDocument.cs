namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>rehearse --json</c>.</summary>
public sealed record RehearsalDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required string Gpu { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary><c>passed</c>, <c>failed</c>, <c>timed-out</c>, <c>crashed</c>, <c>image-failed</c>, <c>unavailable</c> or <c>kvm-unavailable</c>.</summary>
    public required string Outcome { get; init; }

    public required string Summary { get; init; }
    public required string? KernelVersion { get; init; }
    public required string? InitramfsSystem { get; init; }
    public required string? Iommu { get; init; }
    public required string? CommandLine { get; init; }
    public required string? QemuCommand { get; init; }

    /// <summary><c>auto</c>, <c>kvm</c> or <c>tcg</c>: what <c>--accel</c> asked (null when nothing got that far).</summary>
    public required string? AcceleratorChoice { get; init; }

    /// <summary><c>kvm</c> or <c>tcg</c>: what ran the boot that was judged; null when none was.</summary>
    public required string? Accelerator { get; init; }

    /// <summary>Why that accelerator, in words.</summary>
    public required string? AcceleratorNote { get; init; }

    /// <summary>A KVM boot stayed silent, was stopped, and the guest was booted again under TCG.</summary>
    public required bool KvmFallback { get; init; }
    public required IReadOnlyList<RehearsalCheckDocument> Checks { get; init; }
    public required IReadOnlyList<RehearsalDeviceDocument> Devices { get; init; }
    public required double DurationSeconds { get; init; }
    public required string ConsoleLog { get; init; }
}
