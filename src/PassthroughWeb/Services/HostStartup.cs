using PassthroughWeb.Configuration;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>
/// <c>serve</c>'s start-up, in two parts. <see cref="PrepareAsync"/> runs before the app listens: bring the database up
/// to date and finish what a crash left half done, so nobody can change a host on top of a half-applied change set.
/// <see cref="CompleteAsync"/> runs once it listens: issue the one-time setup secret when there are no users, scan the
/// host the app runs on and, with <c>--demo</c>, build and scan the sample workstation and start its libvirt, then
/// verify the change sets a reboot has made checkable. <see cref="StartupProgress"/> tells the pages where it stands.
/// </summary>
public sealed class HostStartup(
    HostScanService scans,
    DemoWorkstation demo,
    PassthroughWeb.Core.Demo.DemoLibvirt demoLibvirt,
    Operations.RecoveryOperation recovery,
    ServeOptions options,
    EngineOptions engine,
    IServiceScopeFactory scopes,
    Access.SetupLink setupLink,
    StartupProgress progress,
    ILogger<HostStartup> logger)
{
    private static readonly Core.Access.Actor StartupActor =
        new(Environment.UserName, Core.Access.Role.Admin, Core.Access.AuthenticationMethod.Startup);

    /// <summary>Both parts, one after the other: for tests and embedders that start the app themselves.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        await CompleteAsync(ct);
    }

    /// <summary>
    /// The database (waiting, with a message, while another process migrates it) and the recovery of interrupted change
    /// sets. Throws what the door turns into words: <see cref="DatabaseUnavailableException"/>, <see cref="IOException"/>.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await PassthroughDatabase.EnsureMigratedAsync(engine.Database, ct, message => logger.LogWarning("{Waiting}", message));
        logger.LogInformation("Database ready at {DatabasePath} in {Ms:F0} ms", engine.Database.Name,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var recovered in await recovery.RecoverInterruptedAsync(StartupActor, ct))
            logger.LogWarning("Change set {ChangeSetId} of {Host} had been interrupted and was recovered before serving: {Summary}", recovered.ChangeSetId, recovered.Host, recovered.Summary);
    }

    /// <summary>
    /// The work that may follow listening. <paramref name="secretIssued"/> hears the setup secret as soon as it exists (the
    /// link is printed then, not after the scans). A failure is logged and reported to <see cref="StartupProgress"/>:
    /// the app goes on serving what the database holds.
    /// </summary>
    public async Task CompleteAsync(CancellationToken ct, Action? secretIssued = null)
    {
        try
        {
            progress.Report("Checking the sign-in set-up");
            await using (var scope = scopes.CreateAsyncScope())
            {
                setupLink.Secret = await scope.ServiceProvider.GetRequiredService<Access.FirstRunSetup>().IssueIfNeededAsync(ct);
            }
            if (setupLink.Secret is not null) secretIssued?.Invoke();

            progress.Report("Scanning this host");
            await scans.ScanAndStoreAsync(options.Root, hostName: null, isDemo: false, ct);

            if (options.Demo)
            {
                progress.Report("Writing and scanning the sample workstation");
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var root = demo.Build(options.DataDirectory);
                logger.LogInformation("Sample workstation written to {Root} in {Ms:F0} ms", root, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await scans.ScanAndStoreAsync(root, DemoWorkstation.HostName, isDemo: true, ct);

                // The demo's steps 4 and 5 work on a libvirt of its own, never on this machine's.
                progress.Report("Starting the sample workstation's libvirt");
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                if (await demoLibvirt.StartAsync(ct) is { } problem)
                    logger.LogWarning("The sample workstation has no libvirt: {Problem}", problem);
                else
                    logger.LogInformation("The sample workstation's own libvirt runs at {Connection} ({Ms:F0} ms)", demoLibvirt.Connection,
                        System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            // After the demo tree is written, so a set applied to it is checked against the tree as it is now.
            progress.Report("Verifying change sets after the reboot");
            await recovery.VerifyAfterRebootAsync(StartupActor, ct);
            progress.Ready();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Whatever it is, it runs in the background after listening: unreported, /health and every page would say
            // "starting" forever. The log has the exception; the pages and /health say it failed.
            logger.LogError(e, "Start-up work failed in the data directory {DataDirectory}", options.DataDirectory);
            progress.Fail($"The start-up work failed: {e.Message} The pages show what the data directory already holds; fix the cause and restart the app.");
        }
    }
}
