using System.Diagnostics.CodeAnalysis;

namespace PassthroughWeb.Services.Locking;

/// <summary>Either the lease of a host's change lock, or who is changing the host instead.</summary>
public sealed record HostLockAttempt
{
    private HostLockAttempt(HostChangeLease? lease, HostLockRefusal? busy) => (Lease, Busy) = (lease, busy);

    public HostChangeLease? Lease { get; }
    public HostLockRefusal? Busy { get; }

    [MemberNotNullWhen(true, nameof(Lease))]
    [MemberNotNullWhen(false, nameof(Busy))]
    public bool Acquired => Lease is not null;

    internal static HostLockAttempt Of(HostChangeLease lease) => new(lease, null);

    internal static HostLockAttempt Of(HostLockRefusal busy) => new(null, busy);
}
