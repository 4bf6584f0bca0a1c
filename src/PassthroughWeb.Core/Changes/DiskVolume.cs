namespace PassthroughWeb.Core.Changes;

/// <summary>A storage volume a new VM's disk lives in, created with <c>virsh vol-create-as</c> in a libvirt pool.</summary>
public sealed record DiskVolume
{
    public required string Pool { get; init; }
    public required string Name { get; init; }
    public required long CapacityBytes { get; init; }

    /// <summary>The image format (<c>qcow2</c>).</summary>
    public string Format { get; init; } = "qcow2";
}
