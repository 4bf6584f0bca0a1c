namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>The problems users meet once the VM runs with the GPU, by name.</summary>
public enum KnownProblemId
{
    Code43,
    ResetBug,
    NoPictureEmulatedDisplay,
    NoPictureWrongCable,
    NoPictureRomNeeded,
    NoPictureBootFramebuffer,
    FreezesOnSecondStart,
    AudioCrackling,
    ArcResizableBar,
    DriverNotInstalled,
}
