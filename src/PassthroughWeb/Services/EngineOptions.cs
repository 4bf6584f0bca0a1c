using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services;

/// <summary>How the engine is set up for one data directory: where backups go, when commands run, which libvirt steps 4 and 5 use.</summary>
public sealed record EngineOptions
{
    /// <summary>The data directory; backups go under its <c>backups</c> directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Default: commands run only against <c>/</c>; tests choose Always to run a failing command on a fixture root.</summary>
    public CommandPolicy CommandPolicy { get; init; } = CommandPolicy.SystemRootOnly;

    /// <summary>The libvirt connection steps 4 and 5 use when the caller names none.</summary>
    public string LibvirtConnection { get; init; } = "qemu:///system";

    /// <summary>
    /// The user named <see cref="LibvirtConnection"/> (<c>--connect</c>). Only a named connection is changed for a copy of
    /// a host: the default one belongs to the real machine.
    /// </summary>
    public bool LibvirtConnectionNamed { get; init; }

    /// <summary>The demo host's own libvirt (<c>serve --demo</c>); null when there is none.</summary>
    public string? DemoLibvirtConnection { get; init; }

    /// <summary>The app's database: the data directory's SQLite file unless set (PostgreSQL, docs/scaling.md).</summary>
    public Data.DatabaseLocation Database
    {
        get => _database ?? Data.DatabaseLocation.Sqlite(DataDirectory);
        init => _database = value;
    }

    private readonly Data.DatabaseLocation? _database;

    public string BackupDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "backups");
}
