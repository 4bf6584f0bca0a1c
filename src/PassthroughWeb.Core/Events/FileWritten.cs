namespace PassthroughWeb.Core.Events;

/// <summary>A file of a change set was written (atomically, with its mode and owner kept).</summary>
public sealed record FileWritten : HostEvent
{
    /// <summary>The path on the host (<c>/etc/default/grub</c>), not where the host root puts it on this machine.</summary>
    public required string Path { get; init; }

    public required long Bytes { get; init; }
}
