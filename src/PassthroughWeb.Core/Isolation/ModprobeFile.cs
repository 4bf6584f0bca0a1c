namespace PassthroughWeb.Core.Isolation;

/// <summary>One file of a modprobe.d directory: its text, its commands and, when kmod does not read it, why.</summary>
public sealed record ModprobeFile
{
    /// <summary>The host path (<c>/etc/modprobe.d/vfio.conf</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The text of the file, exactly as read.</summary>
    public required string Text { get; init; }

    public required IReadOnlyList<ModprobeLine> Lines { get; init; }

    /// <summary>Why kmod does not read this file (its name does not end in .conf, a file of the same name in a directory read first replaces it); null when it does.</summary>
    public string? IgnoredBecause { get; init; }

    public string Name => System.IO.Path.GetFileName(Path);

    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? "/";
}
