using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Web;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// A hub built as <c>serve</c> builds it, in the test's process and listening on a free loopback port, so a test calls
/// its operations (<see cref="VmOperations"/>) as its pages do, while real <c>agent</c> processes connect to it. Its own
/// host root is empty: every host the tests use is an agent's.
/// </summary>
public sealed class AgentVmHub : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pw-agent-vm-hub-").FullName;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("Not started.")).Services;

    public async ValueTask InitializeAsync()
    {
        var root = Path.Combine(_directory, "hub-host");
        Directory.CreateDirectory(root);
        var plan = ListenPlanner.Plan(new ListenRequest { Urls = "http://127.0.0.1:0", Machine = new MachineIdentity("hub", []) }).Plan!;
        var options = new ServeOptions { DataDirectory = Path.Combine(_directory, "data"), Root = root, Listen = plan };
        PassthroughDatabase.EnsureDirectory(options.DataDirectory);
        _app = WebApplicationHost.Build(options);
        await _app.Services.GetRequiredService<HostStartup>().RunAsync(CancellationToken.None);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        // An agent token is recorded with the Admin who made it.
        await using var scope = _app.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PassthroughWeb.Services.Access.UserAdministration>()
            .AddAsync(TestActors.Admin, TestActors.Admin.Name, PassthroughWeb.Core.Access.Role.Admin, "correct horse battery staple");
        if (!added.Succeeded) throw new InvalidOperationException(added.Message);
    }

    /// <summary>The agent's own data directory on its machine.</summary>
    public string AgentData(string hostName) => Path.Combine(_directory, "agent-" + hostName);

    /// <summary>
    /// Starts <c>agent --hub URL --token TOKEN --name HOST --root ROOT --data DATA --connect qemu:///system</c> (the tests'
    /// libvirtd) with an agent token made for the host, and waits until the hub knows the host as that agent's.
    /// </summary>
    internal async Task<(CliProcess Agent, StepHost Host)> StartAgentAsync(string hostName, string root)
    {
        await using var scope = Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<PassthroughWeb.Services.Access.AccessTokens>().CreateAgentAsync(TestActors.Admin, hostName, CancellationToken.None);
        var agent = CliProcess.Start("agent", "--hub", BaseAddress.ToString(), "--token", token.Token?.Secret ?? throw new InvalidOperationException(token.Message),
            "--name", hostName, "--root", root, "--data", AgentData(hostName), "--connect", Core.Tests.TestSupport.LibvirtDaemon.Uri);
        var deadline = DateTime.UtcNow + AgentFleet.Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Services.GetRequiredService<AgentConnections>().Find(hostName) is not null
                && await Services.GetRequiredService<HostLookup>().FindHostAsync(hostName, CancellationToken.None) is { IsAgent: true } host)
                return (agent, host);
            await Task.Delay(100);
        }
        var output = agent.ToString();
        await agent.DisposeAsync();
        throw new TimeoutException($"The agent of {hostName} did not come online within {AgentFleet.Patience.TotalSeconds} s:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
