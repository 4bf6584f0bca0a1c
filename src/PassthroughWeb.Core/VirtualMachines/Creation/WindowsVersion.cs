namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>The guest the new VM is made for: the guide's two choices, which differ in firmware and TPM.</summary>
public enum WindowsVersion
{
    Windows10,

    /// <summary>Needs Secure Boot capable UEFI and a TPM 2.0 (Setup refuses to install without them).</summary>
    Windows11,
}
