namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>What one initramfs image holds of what step 3 needs, and the verdict in words.</summary>
public sealed record ImageInspection
{
    /// <summary>Host path of the image (<c>/boot/initrd.img-6.1.0-56-amd64</c>).</summary>
    public required string ImagePath { get; init; }

    public string? KernelVersion { get; init; }

    /// <summary>The program that listed it (<c>lsinitramfs</c>), or null when none could.</summary>
    public string? Tool { get; init; }

    public required ImageStatus Status { get; init; }
    public IReadOnlyList<string> FoundModules { get; init; } = [];

    /// <summary>Expected modules built into the kernel, so rightly absent from the image.</summary>
    public IReadOnlyList<string> BuiltInModules { get; init; } = [];

    public IReadOnlyList<string> MissingModules { get; init; } = [];
    public IReadOnlyList<ExpectedImageFile> MissingFiles { get; init; } = [];

    /// <summary>The verdict as the step card shows it.</summary>
    public required string Message { get; init; }

    public bool IsBlocking => Status is ImageStatus.Incomplete or ImageStatus.Unreadable or ImageStatus.Missing;
}
