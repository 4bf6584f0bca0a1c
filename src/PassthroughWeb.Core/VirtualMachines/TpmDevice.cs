namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>A domain's <c>&lt;tpm&gt;</c>: an emulated TPM (swtpm) or the host's own passed through.</summary>
public sealed record TpmDevice
{
    /// <summary><c>tpm-tis</c>, <c>tpm-crb</c> …</summary>
    public required string? Model { get; init; }

    /// <summary><c>emulator</c> (swtpm) or <c>passthrough</c> (a host /dev/tpmN).</summary>
    public required string? Backend { get; init; }

    /// <summary>The emulated TPM version (<c>2.0</c>), when set.</summary>
    public string? Version { get; init; }

    /// <summary>The host device of a passthrough TPM (<c>/dev/tpm0</c>).</summary>
    public string? DevicePath { get; init; }
}
