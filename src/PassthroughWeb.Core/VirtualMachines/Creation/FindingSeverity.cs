namespace PassthroughWeb.Core.VirtualMachines.Creation;

public enum FindingSeverity
{
    /// <summary>What was chosen and why; nothing to do.</summary>
    Info,

    /// <summary>The VM can be created, but something will need the user's attention.</summary>
    Warning,

    /// <summary>The VM is not planned until this is fixed.</summary>
    Refusal,
}
