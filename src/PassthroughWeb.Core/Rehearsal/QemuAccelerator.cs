namespace PassthroughWeb.Core.Rehearsal;

/// <summary>How QEMU runs the guest's CPU.</summary>
public enum QemuAccelerator
{
    /// <summary>QEMU's own translator: slower, works everywhere.</summary>
    Tcg,

    /// <summary>The host's KVM: fast, when <see cref="KvmProbe"/> shows it really runs a guest.</summary>
    Kvm,
}
