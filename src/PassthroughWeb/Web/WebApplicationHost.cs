using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Transport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using PassthroughWeb.Components;
using PassthroughWeb.Configuration;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Web.Transport;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Services.Rollouts;
using PassthroughWeb.Web.Access;
using PassthroughWeb.Web.Agents;
using PassthroughWeb.Web.Api;
using PassthroughWeb.Web.Scaling;

namespace PassthroughWeb.Web;

/// <summary>The web app: <c>serve</c> (and no verb at all) runs it through <see cref="RunAsync"/>.</summary>
public static class WebApplicationHost
{
    /// <summary>
    /// Prepares the database, scans the host (and the demo host with <c>--demo</c>), then serves until
    /// <paramref name="ct"/> is cancelled or the process is asked to stop. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(ServeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Root))
        {
            await Console.Error.WriteLineAsync($"The host root '{options.Root}' does not exist or is not a directory.");
            return ExitCodes.RootNotFound;
        }
        try
        {
            PassthroughDatabase.EnsureDirectory(options.Database ?? DatabaseLocation.Sqlite(options.DataDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"The data directory '{options.DataDirectory}' cannot be created: {e.Message}");
            return ExitCodes.DataDirectoryUnusable;
        }

        X509Certificate2? certificate = null;
        if (options.Listen.Certificate is { } source)
        {
            try
            {
                var loaded = ServerCertificate.Load(source, options.DataDirectory, TimeProvider.System);
                certificate = loaded.Certificate;
                await Console.Out.WriteLineAsync(
                    $"HTTPS certificate{(loaded.Generated ? " (generated now)" : "")}: {loaded.Path}, valid until {loaded.Certificate.NotAfter:yyyy-MM-dd}, " +
                    $"SHA-256 fingerprint {ServerCertificate.Fingerprint(loaded.Certificate)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                await Console.Error.WriteLineAsync(source is ProvidedCertificate provided
                    ? $"The certificate {provided.CertificatePath} with the key {provided.KeyPath} cannot be used: {e.Message} Both must be PEM files, the key unencrypted and matching the certificate."
                    : $"The HTTPS certificate in {Path.Combine(options.DataDirectory, ServerCertificate.DirectoryName)} cannot be read or generated: {e.Message} Remove that directory to generate a new one.");
                return ExitCodes.CertificateUnusable;
            }
        }

        // The start-up work that follows listening (the scan, the setup secret's first EF Core query) keeps thread-pool
        // threads busy; with the default minimum of one per core, the first requests then wait for the pool to grow,
        // a pause of 0.2-0.5 s on a 2-core host. Threads up to the minimum start at once, and only when needed.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumWorkerThreads), completionPorts);

        var app = Build(options, certificate);
        if (options.Redis is not null && await PassthroughWeb.Web.Scaling.ScaleOutCheck.ProblemAsync(app.Services) is { } redisProblem)
        {
            await Console.Error.WriteLineAsync($"The Redis server {options.Redis} cannot be used: {redisProblem} Start it, or check --redis (HOST:PORT).");
            await app.DisposeAsync();
            return ExitCodes.ServeFailed;
        }
        var startup = app.Services.GetRequiredService<HostStartup>();
        try
        {
            await startup.PrepareAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await app.DisposeAsync();
            return ExitCodes.Success;
        }
        catch (DatabaseUnavailableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await app.DisposeAsync();
            return ExitCodes.DataDirectoryUnusable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // A read-only data directory, a full disk or a damaged database: the user can fix these, so say which file.
            await Console.Error.WriteLineAsync($"Start-up failed in the data directory '{options.DataDirectory}': {e.Message}");
            await app.DisposeAsync();
            return ExitCodes.DataDirectoryUnusable;
        }
        // The scans and the demo's libvirt take seconds: they run once the app listens, and the pages say so meanwhile.
        Task? completing = null;
        app.Lifetime.ApplicationStarted.Register(() => completing = Task.Run(
            () => startup.CompleteAsync(app.Lifetime.ApplicationStopping, () => AnnounceSetupLink(app, options)), CancellationToken.None));

        await using (app)
        {
            try
            {
                await app.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Cancelled before Kestrel had started: a normal stop.
            }
            catch (IOException e)
            {
                // Kestrel reports an address already in use, or one it may not bind, as an IOException.
                await Console.Error.WriteLineAsync($"The web app cannot listen on {options.Listen.Urls}: {e.Message}");
                return ExitCodes.ServeFailed;
            }
            finally
            {
                // Stopping cancels it; waiting here keeps the demo's libvirtd from starting after the container is gone.
                if (completing is not null) await completing.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        return ExitCodes.Success;
    }

    private const int MinimumWorkerThreads = 16;

    /// <summary>
    /// Builds the app without starting it (tests start it themselves; <paramref name="configure"/> lets them put it on
    /// a test server, with everything else as <c>serve</c> has it).
    /// </summary>
    internal static WebApplication Build(ServeOptions options, X509Certificate2? certificate = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The app is started as `dotnet /path/PassthroughWeb.dll` from anywhere: its files are beside the DLL,
            // and the name must be ours (not a test runner's) for the static web assets manifest to be found.
            ApplicationName = typeof(WebApplicationHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        // Serves _framework/blazor.web.js, _content/MudBlazor/* and our wwwroot/ from the build output in every
        // environment, not only in Development (the default), so a plain `dotnet PassthroughWeb.dll` works.
        builder.WebHost.UseStaticWebAssets();
        builder.AddTransport(options.Listen, certificate);
        // Every query is logged at Information by default: too loud for an operator's console.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        // Antiforgery and circuit keys survive a restart, so open pages keep working after one; with several instances
        // they are kept in Redis, so each reads what another made (ScaleOut).
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("PassthroughWeb");
        if (options.Redis is null) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        else builder.Services.AddRedisScaleOut(dataProtection, options.Redis);
        builder.Services.AddSingleton(options);
        builder.Services.AddPassthroughEngine(new EngineOptions
        {
            DataDirectory = options.DataDirectory,
            Database = options.Database ?? DatabaseLocation.Sqlite(options.DataDirectory),
            LibvirtConnection = options.LibvirtConnection ?? PassthroughWeb.Core.VirtualMachines.Virsh.DefaultConnection,
            LibvirtConnectionNamed = options.LibvirtConnection is not null,
            DemoLibvirtConnection = options.Demo ? PassthroughWeb.Core.Demo.DemoLibvirt.ConnectionFor(PassthroughWeb.Core.Demo.DemoLibvirt.DirectoryFor(options.DataDirectory)) : null,
        }, HostCommandRunner.Create(options));
        builder.Services.AddSingleton(ServerPrivileges.Detect());
        builder.Services.AddSingleton<HostCatalog>();
        builder.Services.AddSingleton<Services.Checklist.HostStandingQuery>();
        builder.Services.AddSingleton<DemoWorkstation>();
        builder.Services.AddSingleton<HostStartup>();
        builder.Services.AddSingleton<StartupProgress>();
        // The container disposes what it created: the demo's libvirtd stops with the app.
        builder.Services.AddSingleton(services => new PassthroughWeb.Core.Demo.DemoLibvirt(services.GetRequiredService<PassthroughWeb.Core.Host.ICommandRunner>(), options.DataDirectory));
        builder.Services.AddPassthroughAccess();
        builder.Services.AddHostedService<PassthroughWeb.Web.Live.HostEventLogFollower>();
        builder.Services.AddSignalR();
        builder.Services.AddAgentHub(new PassthroughWeb.Web.Agents.AgentHubSettings { OfflineAfter = options.AgentOfflineAfter, AnswerTimeout = options.AgentAnswerTimeout });
        builder.Services.AddRollouts();
        builder.Services.AddPassthroughApi();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseTransport(options.Listen);
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseHubOriginCheck();
        app.UseAuthentication();
        app.UseTwoFactorRequirement();
        app.UseAuthorization();
        app.UseAntiforgery();
        // The stylesheets and scripts the sign-in page itself needs: public files, nothing about the host.
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoint();
        app.MapMeEndpoint();
        app.MapSignOutEndpoint();
        app.MapHub<PassthroughWeb.Web.Live.StatusHub>(PassthroughWeb.Web.Live.StatusHub.Path);
        app.MapAgentHub();
        app.MapPassthroughApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceSetupLink(app, options));
        return app;
    }

    /// <summary>
    /// Prints the setup link once the app listens (the issued secret is in <see cref="SetupLink"/>), on the address it
    /// really listens on: a port of 0 in <c>--urls</c> is only known now.
    /// </summary>
    private static void AnnounceSetupLink(WebApplication app, ServeOptions options)
    {
        var setupLink = app.Services.GetRequiredService<SetupLink>();
        if (setupLink.Secret is not { } secret || !setupLink.TryMarkAnnounced()) return;
        // A test server has no addresses; Kestrel has them once it listens.
        var listening = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var address = listening?.FirstOrDefault() ?? options.Listen.Endpoints[0].Url;
        var link = SetupLink.LinkFor(BrowsableBase(address), secret);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<FirstRunSetup>().LogWarning("{Announcement}", SetupLink.Announcement(link));
    }

    /// <summary>A listening address as a browser can open it: a wildcard host (0.0.0.0, [::], *, +) becomes 127.0.0.1.</summary>
    internal static Uri BrowsableBase(string address)
    {
        var wildcard = System.Text.RegularExpressions.Regex.Match(address, @"^(?<scheme>https?)://(\*|\+|0\.0\.0\.0|\[::\])(?<rest>(:\d+)?.*)$");
        var browsable = wildcard.Success ? $"{wildcard.Groups["scheme"].Value}://127.0.0.1{wildcard.Groups["rest"].Value}" : address;
        return new Uri(browsable.EndsWith('/') ? browsable : browsable + "/");
    }
}
