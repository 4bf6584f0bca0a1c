using Microsoft.Extensions.DependencyInjection.Extensions;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Services;

/// <summary>
/// The engine's one registration: the web app, the CLI and the agent build the same graph of operations on one data
/// directory, so a door differs from another only in how it reads its input and shows the result.
/// </summary>
public static class EngineRegistration
{
    public static IServiceCollection AddPassthroughEngine(this IServiceCollection services, EngineOptions options, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContextFactory<PassthroughDbContext>(db => PassthroughDatabase.Configure(db, options.Database));
        services.AddSingleton(options);
        services.AddSingleton(runner);
        // Every change to a host is an event: in this process's feed, and in the data directory's log, which the web app
        // follows so what the CLI (or another process) does reaches its pages and hubs.
        // Several hub instances on one database (docs/scaling.md) relay their events to each other's feeds.
        services.AddSingleton(provider => new HostEventFeed(new HostEventFeedOptions
        {
            Log = HostEventLog.InDataDirectory(options.DataDirectory),
            Relay = provider.GetService<IHostEventRelay>(),
        }, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostEventPublisher>(provider => provider.GetRequiredService<HostEventFeed>());
        services.AddSingleton<EfChangeJournal>();
        services.AddSingleton<IChangeJournal>(provider => provider.GetRequiredService<EfChangeJournal>());

        services.AddSingleton(provider => new Plans.ShownPlans(options.DataDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Plans.PlanFingerprints>();
        services.AddSingleton(provider => new Locking.HostChangeLock(options.DataDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Locking.HostChangeGate>();
        services.AddSingleton<HostLookup>();
        services.AddSingleton<HostTopologies>();
        services.AddSingleton<HostScanService>();
        services.AddSingleton<HistoryQuery>();
        services.AddSingleton<HistoryRecorder>();
        services.AddSingleton<Drift.PlannedDeviceRecorder>();
        services.AddSingleton<PlanOperation>();
        services.AddSingleton<ApplyOperation>();
        services.AddSingleton<VerifyOperation>();
        services.AddSingleton<RollbackOperation>();
        services.AddSingleton<RehearseOperation>();
        services.AddSingleton<RecoveryOperation>();
        services.AddSingleton<ImportOperation>();
        services.AddSingleton<VmSteps>();
        // Steps 2 and 3 of any host as documents: the API's, the rollouts' and the agent's answers (through the hub's RemoteSteps for an agent's host).
        services.AddSingleton<StepDocuments>();
        // Step 4's VMs and step 5 of any host as documents: the API's and the agent's answers (through RemoteSteps for an agent's host).
        services.AddSingleton<VmDocuments>();
        // Step 5 of the pages: here, or through the hub's RemoteSteps for an agent's host (registered with the agent hub).
        services.AddSingleton<GuestOperations>();
        services.AddSingleton<Agents.AgentReportBuilder>();
        services.AddSingleton<Agents.AgentSteps>();
        return services;
    }
}
