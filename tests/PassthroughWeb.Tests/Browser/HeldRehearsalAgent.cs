using System.CommandLine;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Rehearsal;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// An agent run in this process for a hub of <see cref="AgentFleet"/>, on a host root with Debian's real kernel (a
/// rehearsal really builds its image), KVM simulated as absent behind its command runner, and QEMU's boots held until
/// <see cref="HeldQemu.Release"/>, so a test can act while a rehearsal is in progress. Disposing releases QEMU, stops
/// the agent and deletes the root.
/// </summary>
internal sealed class HeldRehearsalAgent : IAsyncDisposable
{
    /// <summary>The card of <see cref="RehearsalHost.Slot3"/>, the one the rehearsal isolates.</summary>
    public const string Card = "0000:00:04.0";

    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _said = TextWriter.Synchronized(new StringWriter());
    private Task<int>? _agent;

    private HeldRehearsalAgent(RehearsalHost host)
    {
        Host = host;
    }

    public RehearsalHost Host { get; }

    public HeldQemu Qemu { get; } = new(new SimulatedKvm(SimulatedKvm.Kind.Absent));

    /// <summary>What the agent printed, for a failure's message.</summary>
    public string Output => _said.ToString() ?? "";

    /// <summary>Starts the agent of <paramref name="name"/> and waits until the hub lists its host online.</summary>
    public static async Task<HeldRehearsalAgent> StartAsync(AgentFleet fleet, string name)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var host = await RehearsalHost.CreateAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, TestContext.Current.CancellationToken);
        var agent = new HeldRehearsalAgent(host);
        agent._agent = CliApplication.CreateRootCommand(CliServices.Default with { CommandRunner = agent.Qemu })
            .Parse(["agent", "--hub", fleet.Hub.BaseAddress.ToString(), "--token", await fleet.AgentTokenAsync(name), "--root", host.Path, "--name", name, "--data", fleet.AgentData(name)])
            .InvokeAsync(new InvocationConfiguration { Output = agent._said, Error = agent._said }, agent._stop.Token);
        try
        {
            await fleet.WaitForHostAsync(name, AgentFleet.Online, "online");
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        Qemu.Release();
        await _stop.CancelAsync();
        if (_agent is not null) await _agent;
        _stop.Dispose();
        Host.Dispose();
    }
}
