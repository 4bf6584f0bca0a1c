namespace PassthroughWeb.Core.Isolation;

/// <summary>The commands of a modprobe.d file, as kmod knows them.</summary>
public enum ModprobeDirective
{
    Options,
    Softdep,
    Blacklist,
    Install,
    Remove,
    Alias,

    /// <summary>Newer kmod (33+) only: a dependency loaded if present; kmod 30 ignores the line.</summary>
    Weakdep,

    /// <summary><c>include</c>/<c>config</c> (module-init-tools, no longer read) or anything kmod does not know: the line is ignored.</summary>
    Unknown,
}
