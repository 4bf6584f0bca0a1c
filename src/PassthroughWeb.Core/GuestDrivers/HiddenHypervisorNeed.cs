namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>Whether a VM must hide that it is a VM (<c>&lt;hyperv&gt;&lt;vendor_id/&gt;</c> and <c>&lt;kvm&gt;&lt;hidden/&gt;</c>) for its GPU's driver.</summary>
public enum HiddenHypervisorNeed
{
    /// <summary>The driver runs in a VM as it is: the settings are optional.</summary>
    NotNeeded,

    /// <summary>Not certain to be needed, but harmless and it avoids Code 43 if an older driver is installed.</summary>
    Recommended,

    /// <summary>Every driver the card can use refuses to run in a VM that shows itself (Code 43).</summary>
    Required,
}
