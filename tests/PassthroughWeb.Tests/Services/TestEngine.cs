using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Tests.Services;

/// <summary>The engine as every door builds it (<see cref="EngineRegistration.AddPassthroughEngine"/>), on a test's data directory.</summary>
public sealed class TestEngine : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestEngine(ServiceProvider provider) => _provider = provider;

    /// <summary>Migrates the data directory's database, then builds the engine on it (the real command runner unless one is given).</summary>
    public static async Task<TestEngine> OpenAsync(string dataDirectory, ICommandRunner? runner = null, EngineOptions? options = null)
    {
        await (await PassthroughDatabase.OpenAsync(dataDirectory, CancellationToken.None)).DisposeAsync();
        var services = new ServiceCollection().AddPassthroughEngine(options ?? new EngineOptions { DataDirectory = dataDirectory }, runner ?? new ProcessCommandRunner());
        return new TestEngine(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public IServiceProvider Services => _provider;
    public HostLookup Hosts => Get<HostLookup>();
    public PlanOperation Plan => Get<PlanOperation>();
    public ApplyOperation Apply => Get<ApplyOperation>();
    public VerifyOperation Verify => Get<VerifyOperation>();
    public RollbackOperation Rollback => Get<RollbackOperation>();
    public RehearseOperation Rehearse => Get<RehearseOperation>();
    public RecoveryOperation Recovery => Get<RecoveryOperation>();
    public HistoryQuery History => Get<HistoryQuery>();
    public HistoryRecorder Recorder => Get<HistoryRecorder>();
    public HostScanService Scans => Get<HostScanService>();
    public VmSteps Vms => Get<VmSteps>();
    public Core.Changes.IChangeJournal Journal => Get<Core.Changes.IChangeJournal>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
