namespace PassthroughWeb.Core.Changes;

/// <summary>
/// One libvirt domain a plan defines: its XML before (as <c>virsh dumpxml --inactive</c> gave it when planned; null
/// when the plan creates the domain) and the XML to define. Like a <see cref="FileChange"/>, both contents are kept
/// so the preview, the apply check ("the domain is still what was planned against") and the rollback (redefine the
/// previous XML exactly, or undefine a created domain) are the same data. On the host itself (root <c>/</c>) the
/// daemon is reached at <see cref="Connection"/>; under a copy of a host only when the connection was named
/// (<see cref="ConnectionNamed"/>), else the libvirt commands are listed as skipped like a copy's other commands.
/// </summary>
public sealed record DomainChange
{
    /// <summary>The libvirt connection URI (<c>qemu:///system</c>).</summary>
    public required string Connection { get; init; }

    /// <summary>
    /// The user named <see cref="Connection"/> (<c>--connect</c>, or the demo's own libvirt), rather than it being the
    /// default. A copy of a host (a root other than <c>/</c>) changes only a named libvirt: the real machine's
    /// <c>qemu:///system</c> is never changed because someone pointed the app at a directory.
    /// </summary>
    public bool ConnectionNamed { get; init; }

    public required string Name { get; init; }

    /// <summary>The inactive XML the plan was made against; null when the plan creates the domain.</summary>
    public required string? Before { get; init; }

    public required string After { get; init; }

    /// <summary>Why the domain changes, in a sentence the preview shows above the diff.</summary>
    public required string Reason { get; init; }

    /// <summary>A disk image the plan creates for a new domain before defining it (and deletes on rollback).</summary>
    public DiskVolume? NewVolume { get; init; }

    public bool Creates => Before is null;
    public bool IsNoOp => Before == After && NewVolume is null;
}
