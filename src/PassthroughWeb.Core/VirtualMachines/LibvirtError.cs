namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>Why a libvirt call did not succeed: a sentence for the user and what virsh itself said.</summary>
public sealed record LibvirtError
{
    public required LibvirtErrorKind Kind { get; init; }

    /// <summary>What went wrong and what to do, in plain words.</summary>
    public required string Message { get; init; }

    /// <summary>virsh's own error output, for the details view.</summary>
    public required string Detail { get; init; }

    public override string ToString() => Message;
}
