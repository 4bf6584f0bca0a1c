namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// One UEFI firmware build for x86_64 q35 guests: the read-only code file QEMU maps as flash and the template libvirt
/// copies into each VM's own variable store. Secure Boot builds need the guest's SMM (<c>requires-smm</c>).
/// </summary>
public sealed record OvmfFirmware
{
    /// <summary>The code file, as a host path (<c>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</c>).</summary>
    public required string CodePath { get; init; }

    /// <summary>The variable-store template, as a host path.</summary>
    public required string VarsTemplatePath { get; init; }

    public required bool SecureBoot { get; init; }

    /// <summary>The template holds Microsoft's keys, so Secure Boot is on from the first boot (what Windows 11 checks).</summary>
    public required bool EnrolledKeys { get; init; }

    public required bool RequiresSmm { get; init; }

    /// <summary>Where the choice came from: the firmware descriptor's path, or the known path list.</summary>
    public required string Source { get; init; }

    public string Describe() =>
        (SecureBoot ? EnrolledKeys ? "UEFI with Secure Boot on (Microsoft keys enrolled)" : "UEFI able to do Secure Boot (no keys enrolled)" : "UEFI without Secure Boot") +
        $": {CodePath}";
}
