using System.Diagnostics.CodeAnalysis;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>The answer of one libvirt call: a value, or the error as a value (libvirt being down is expected, not a bug).</summary>
public sealed record LibvirtResult<T>
{
    public T? Value { get; init; }
    public LibvirtError? Error { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value; throws when the call failed (for callers that checked <see cref="Succeeded"/>).</summary>
    public T GetValue() => Error is null ? Value! : throw new InvalidOperationException("The libvirt call failed: " + Error.Message);
}
