namespace PassthroughWeb.Core.Isolation.Initramfs;

public enum InitramfsFindingSeverity
{
    /// <summary>Worth knowing; nothing breaks.</summary>
    Info,

    /// <summary>A real mistake in the host's files that the plan works around or the user should fix.</summary>
    Warning,

    /// <summary>The isolation cannot work as planned: the reboot must not be offered.</summary>
    Blocking,
}
