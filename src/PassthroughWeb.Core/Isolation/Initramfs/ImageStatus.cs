namespace PassthroughWeb.Core.Isolation.Initramfs;

public enum ImageStatus
{
    /// <summary>Listed, and everything expected is inside.</summary>
    Complete,

    /// <summary>Listed, and something expected is missing: the reboot must not be offered.</summary>
    Incomplete,

    /// <summary>The image exists but could not be listed (empty, corrupt, the tool failed): treated as missing its contents.</summary>
    Unreadable,

    /// <summary>No image was found for an installed kernel.</summary>
    Missing,

    /// <summary>No listing tool is installed, so the image could not be checked.</summary>
    NotChecked,
}
