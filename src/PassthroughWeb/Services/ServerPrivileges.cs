namespace PassthroughWeb.Services;

/// <summary>Whether the app can change the host, and if not, the reason shown on every page.</summary>
public sealed record ServerPrivileges
{
    public required bool IsRoot { get; init; }

    /// <summary>Why the app is read-only, in words for the user; null when it runs as root.</summary>
    public string? ReadOnlyReason { get; init; }

    public bool IsReadOnly => ReadOnlyReason is not null;

    public static ServerPrivileges Detect() => From(Environment.IsPrivilegedProcess, Environment.UserName);

    public static ServerPrivileges From(bool isRoot, string userName) => isRoot
        ? new ServerPrivileges { IsRoot = true }
        : new ServerPrivileges
        {
            IsRoot = false,
            ReadOnlyReason =
                $"PassthroughWeb runs as '{userName}', not as root, so it is read-only. It can scan this host, but some of what " +
                "it reads (the firmware's ACPI tables, parts of PCI configuration space) is readable by root only, and the later " +
                "steps, which change the kernel command line, modprobe and the initramfs, need root. Start it with sudo to lift this.",
        };
}
