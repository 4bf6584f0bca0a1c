using System.Globalization;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// A kernel whose modules are installed under <c>lib/modules/VERSION</c> (or <c>usr/lib/modules</c>), with the
/// release numbers that decide what the vfio stack looks like on it.
/// </summary>
public sealed record InstalledKernel
{
    /// <summary>The release as <c>uname -r</c> prints it: <c>6.1.0-56-amd64</c>, <c>6.12.4-arch1-1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The host path of its module tree (<c>/lib/modules/6.1.0-56-amd64</c>).</summary>
    public required string ModulesDirectory { get; init; }

    public required int Major { get; init; }
    public required int Minor { get; init; }

    /// <summary>Arch's package name for the kernel (<c>linux</c>, <c>linux-lts</c>) from its <c>pkgbase</c> file, which names its images.</summary>
    public string? PackageBase { get; init; }

    /// <summary>vfio_virqfd was folded into vfio in Linux 6.2; before that it is a module of its own.</summary>
    public bool HasSeparateVfioVirqfd => Major < 6 || (Major == 6 && Minor < 2);

    /// <summary>Reads <c>MAJOR.MINOR</c> from the front of a release string; null when it does not start that way.</summary>
    public static (int Major, int Minor)? ParseRelease(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var parts = version.Split('.', 3);
        if (parts.Length < 2) return null;
        var minorDigits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
               && int.TryParse(minorDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}
