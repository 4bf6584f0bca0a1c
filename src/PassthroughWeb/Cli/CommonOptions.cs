using System.CommandLine;
using PassthroughWeb.Configuration;

namespace PassthroughWeb.Cli;

/// <summary>Options that mean the same on every verb.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = $"The data directory (SQLite database, backups). Default: ${DataDirectory.EnvironmentVariable}, else /var/lib/passthroughweb as root, ~/.local/share/passthroughweb otherwise.",
        HelpName = "DIR",
    };

    /// <summary>Where every verb finds a PostgreSQL database instead of the data directory's SQLite file (docs/scaling.md).</summary>
    public const string DatabaseEnvironmentVariable = "PASSTHROUGHWEB_DATABASE";

    /// <summary>
    /// The database of a verb: PostgreSQL when <paramref name="option"/> (serve's <c>--database</c>) or
    /// <see cref="DatabaseEnvironmentVariable"/> holds a connection string, else the data directory's SQLite file.
    /// Throws <see cref="ArgumentException"/> with a message for the user when the connection string cannot be read.
    /// </summary>
    public static PassthroughWeb.Data.DatabaseLocation ResolveDatabase(string dataDirectory, string? option, CliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var connection = string.IsNullOrWhiteSpace(option) ? services.GetEnvironmentVariable(DatabaseEnvironmentVariable) : option;
        return PassthroughWeb.Data.DatabaseLocation.For(dataDirectory, connection);
    }

    /// <summary>The libvirt connection steps 4 and 5 talk to, whatever the host root is.</summary>
    public static Option<string?> Connect() => new("--connect")
    {
        Description = "The libvirt connection URI for steps 4 and 5 (default qemu:///system). The host root decides only where files and sysfs are read.",
        HelpName = "URI",
    };

    public static Option<string> Root(string description) => new("--root")
    {
        Description = description,
        DefaultValueFactory = _ => "/",
        HelpName = "DIR",
    };

    /// <summary>
    /// <see cref="DataDirectory.Resolve"/> reads the process environment itself; the services' view of the
    /// environment is applied first so that every verb, and every test, sees one and the same rule.
    /// </summary>
    public static string ResolveDataDirectory(string? option, CliServices services)
    {
        if (!string.IsNullOrWhiteSpace(option)) return DataDirectory.Resolve(option);
        var fromEnvironment = services.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        return DataDirectory.Resolve(string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment);
    }
}
