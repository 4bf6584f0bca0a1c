namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>A libvirt storage pool as <c>virsh pool-dumpxml</c> describes it.</summary>
public sealed record StoragePool
{
    public required string Name { get; init; }

    /// <summary>The pool type: <c>dir</c>, <c>fs</c>, <c>netfs</c> hold image files; <c>logical</c>, <c>disk</c>, <c>iscsi</c> … hold block devices.</summary>
    public required string Type { get; init; }

    public required bool Active { get; init; }

    /// <summary>The directory (or device directory) volumes appear in, as a host path.</summary>
    public required string? TargetPath { get; init; }

    /// <summary>Free space as libvirt last measured it; null when it did not say.</summary>
    public long? AvailableBytes { get; init; }

    /// <summary>Volumes in this pool are files, so a qcow2 image can be created in it.</summary>
    public bool HoldsFiles => Type is "dir" or "fs" or "netfs";
}
