using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Configuration;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services;

/// <summary>
/// What runs once before the app takes requests: bring the database up to date, scan the host the app runs on,
/// and with <c>--demo</c> build and scan the sample workstation, so every page has something to show; then finish
/// what a crash left half done and verify the change sets a reboot has made checkable. With no users yet, it issues
/// the one-time setup secret whose link is printed once the app listens.
/// </summary>
public sealed class HostStartup(
    IDbContextFactory<PassthroughDbContext> databases,
    HostScanService scans,
    DemoWorkstation demo,
    PassthroughWeb.Core.Demo.DemoLibvirt demoLibvirt,
    Operations.RecoveryOperation recovery,
    ServeOptions options,
    IServiceScopeFactory scopes,
    Access.SetupLink setupLink,
    ILogger<HostStartup> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // One plain query decides; EF Core's Migrate would first build the model even with nothing to apply.
        if (PassthroughDatabase.HasPendingMigrations(options.DataDirectory))
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            await PassthroughDatabase.MigrateAsync(db, ct);
        }
        logger.LogInformation("Database ready at {DatabasePath} in {Ms:F0} ms", PassthroughDatabase.PathIn(options.DataDirectory),
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await using (var scope = scopes.CreateAsyncScope())
        {
            setupLink.Secret = await scope.ServiceProvider.GetRequiredService<Access.FirstRunSetup>().IssueIfNeededAsync(ct);
        }

        await scans.ScanAndStoreAsync(options.Root, hostName: null, isDemo: false, ct);

        if (options.Demo)
        {
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            var root = demo.Build(options.DataDirectory);
            logger.LogInformation("Sample workstation written to {Root} in {Ms:F0} ms", root, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await scans.ScanAndStoreAsync(root, DemoWorkstation.HostName, isDemo: true, ct);

            // The demo's steps 4 and 5 work on a libvirt of its own, never on this machine's.
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await demoLibvirt.StartAsync(ct) is { } problem)
                logger.LogWarning("The sample workstation has no libvirt: {Problem}", problem);
            else
                logger.LogInformation("The sample workstation's own libvirt runs at {Connection} ({Ms:F0} ms)", demoLibvirt.Connection,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // After the demo tree is written, so a set applied to it is checked against the tree as it is now.
        await recovery.RecoverAndVerifyAsync(new Core.Access.Actor(Environment.UserName, Core.Access.Role.Admin, Core.Access.AuthenticationMethod.Startup), ct);
    }
}
