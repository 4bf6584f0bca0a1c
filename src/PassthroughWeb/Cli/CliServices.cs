using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Cli;

/// <summary>
/// What the verbs need from the world outside the parser. <see cref="Default"/> is the real thing; tests run
/// the real root command with the real scanner and swap only what would otherwise start a web server or read
/// the test runner's own environment.
/// </summary>
public sealed record CliServices
{
    /// <summary>Scans a host root. Never throws on a broken host: problems come back inside the report.</summary>
    public required Func<Core.Host.HostRoot, ScanReport> Scan { get; init; }

    /// <summary>Stores a scan as a hardware profile in the data directory's database.</summary>
    public required Func<Data.DatabaseLocation, ScanReport, CancellationToken, Task> SaveProfile { get; init; }

    /// <summary>
    /// Runs the web app until the token is cancelled and returns the exit code (one of <see cref="ExitCodes"/>).
    /// </summary>
    public required Func<ServeOptions, CancellationToken, Task<int>> Serve { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    /// <summary>Whether this process runs as root (the scan is read-only either way; without root some files refuse reads).</summary>
    public required bool IsPrivileged { get; init; }

    /// <summary>Runs host programs for apply and rollback (regenerate grub.cfg, the initramfs …).</summary>
    public Core.Host.ICommandRunner CommandRunner { get; init; } = new Core.Host.ProcessCommandRunner();

    /// <summary>When apply and rollback run their commands; by default only against "/".</summary>
    public Core.Changes.CommandPolicy CommandPolicy { get; init; } = Core.Changes.CommandPolicy.SystemRootOnly;

    /// <summary>This machine's host name and addresses, which <c>serve</c> answers to and puts in a generated certificate.</summary>
    public Func<Core.Transport.MachineIdentity> Machine { get; init; } = Web.Transport.MachineIdentityReader.Read;

    /// <summary>
    /// Who runs the verb, for the history and the logs: the user behind <c>sudo</c> (<c>SUDO_USER</c>), else the
    /// account. An Admin: whoever may write the data directory on the host may do anything the app does.
    /// </summary>
    public Core.Access.Actor Actor { get; init; } = CliActor.FromEnvironment(Environment.GetEnvironmentVariable, Environment.UserName);

    /// <summary>Where <c>--password-stdin</c> reads the password (a line) from.</summary>
    public TextReader StandardInput { get; init; } = Console.In;

    /// <summary>Asks for a password at the terminal without echoing it; null when there is no terminal to ask at.</summary>
    public Func<string, string?> PromptSecret { get; init; } = PasswordPrompt.Read;

    public static CliServices Default { get; } = new()
    {
        Scan = root => new HostScanner(TimeProvider.System).Scan(root),
        SaveProfile = SaveProfileAsync,
        Serve = Web.WebApplicationHost.RunAsync,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        IsPrivileged = Environment.IsPrivilegedProcess,
    };

    // Plain SQL rather than EF Core's ProfileStore: building EF's model would cost several times the scan itself.
    private static async Task SaveProfileAsync(Data.DatabaseLocation database, ScanReport report, CancellationToken cancellationToken)
    {
        var dataDirectory = database.DataDirectory;
        await Data.PassthroughDatabase.EnsureMigratedAsync(database, cancellationToken).ConfigureAwait(false);
        await Data.ProfileWriter.SaveAsync(database, report, isDemo: false, cancellationToken).ConfigureAwait(false);
        // A running web app follows the data directory's event log: its pages learn of this scan within a second.
        var feed = new Core.Events.HostEventFeed(new Core.Events.HostEventFeedOptions { HistoryPerHost = 0, Log = Core.Events.HostEventLog.InDataDirectory(dataDirectory) });
        feed.Publish(new Core.Events.ScanStored { Host = report.HostName, DeviceCount = report.Devices.Count, GpuCount = report.Gpus.Count, Source = "local" });
        // As HostScanService.StoreAsync does for the web app's own scans.
        var drift = Core.Drift.DriftDetector.Detect(await Data.ProfileWriter.ReadPlannedDevicesAsync(database, report.HostName, cancellationToken).ConfigureAwait(false), report);
        if (!drift.IsEmpty) feed.Publish(Core.Events.DriftDetected.Of(report.HostName, drift));
    }
}
