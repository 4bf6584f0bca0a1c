using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Web.Transport;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// Step 5 of an agent's host, as the hub's pages ask for it: the hub (the real web app, in this process) asks a real
/// <c>agent</c> process, which checks the VM on its own libvirt (its <c>--connect</c>: the tests' private libvirtd) and
/// records step 5 done in its own history; the hub's host page and hosts page then show step 5 done.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class GuestOperationsTests(LibvirtDaemon daemon, ServingApp hub) : IClassFixture<ServingApp>, IDisposable
{
    private const string Host = "gpu-node-047";

    private static readonly TimeSpan Patience = AgentFleet.Patience;

    private readonly string _machine = Directory.CreateTempSubdirectory("pw-guest-agent-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Hub<T>() where T : notnull => hub.App.Services.GetRequiredService<T>();

    [Fact]
    public async Task AgentsHost_CheckedAndMarkedDoneThroughItsAgent_InItsHistory_AViewerRefused_AndOfflineSaysSo()
    {
        daemon.Require();
        var root = Path.Combine(_machine, Host);
        Directory.CreateDirectory(root);
        HostTreeWriter.Write(new HostRoot(root), SampleWorkstation.Spec with { HostName = Host });
        // Named as a real host names them: its distribution's pci.ids (this machine's), as the demo has it.
        PassthroughWeb.Services.DemoWorkstation.CopyPciNames(PassthroughWeb.Core.Host.HostRoot.Default, new HostRoot(root));
        var agentData = Path.Combine(_machine, "agent-data");
        await using var domain = await TestDomain.DefineAsync(daemon, "agent-guest");
        var gpu = SampleWorkstation.GuestGpu;
        var token = await Hub<PassthroughWeb.Services.Access.AccessTokens>().CreateAgentAsync(PassthroughWeb.Tests.Services.TestActors.Admin, Host, Ct);
        var agent = CliProcess.Start("agent", "--hub", hub.BaseAddress.ToString(), "--token", token.Token!.Secret, "--root", root, "--data", agentData, "--connect", LibvirtDaemon.Uri);
        try
        {
            var connections = Hub<AgentConnections>();
            await WaitAsync(() => Task.FromResult(connections.Find(Host)?.LastReport is not null), "the agent's first report", agent);
            var host = await Hub<HostLookup>().FindHostAsync(Host, Ct);
            Assert.True(host is { IsAgent: true }, $"{Host} is not an agent's host on the hub: {host}");
            var guests = Hub<GuestOperations>();
            Assert.NotEqual(ChecklistState.Done, await StepFiveOnTheHostsPageAsync());

            // Anyone signed in may look: the agent checks the VM on its own libvirt, which has it shut off.
            var check = await guests.CheckAsync(host, gpu, domain.Name, PassthroughWeb.Tests.Services.TestActors.Viewer, Ct);
            Assert.True(check.Problem is null, $"{check.Problem}\n{agent}");
            Assert.Equal(LibvirtDaemon.Uri, check.Connection);
            var running = Assert.Single(check.Report!.Checks, c => c.Subject == GuestDriverCheck.RunningSubject);
            Assert.Equal(GuestCheckOutcome.Failed, running.Outcome);
            Assert.Contains("shut off", running.Message, StringComparison.Ordinal);
            Assert.Equal(GpuVendor.Amd, check.Report.Advice.Vendor);
            Assert.NotEmpty(check.Report.ProblemsToWatch);
            Assert.Null(check.MarkedDoneAt);

            var refused = await guests.MarkDoneAsync(host, gpu, domain.Name, PassthroughWeb.Tests.Services.TestActors.Viewer, Ct);
            Assert.Equal(Role.Operator, refused.Denied?.Required);
            Assert.DoesNotContain(await AgentEventsAsync(agentData), e => e.Kind == VmSteps.GuestDoneEvent);

            var marked = await guests.MarkDoneAsync(host, gpu, domain.Name, PassthroughWeb.Tests.Services.TestActors.Operator, Ct);
            Assert.True(marked.Value.Marked, marked.Value.Message + "\n" + agent);
            Assert.NotNull(marked.Value.Report?.MarkedDoneAt);
            // In the agent's history, where the host's history lives, naming the hub's user.
            var done = Assert.Single(await AgentEventsAsync(agentData), e => e.Kind == VmSteps.GuestDoneEvent);
            Assert.Equal("olivia via hub", done.User);
            Assert.EndsWith($"work in {domain.Name}.", done.Summary, StringComparison.Ordinal);
            // The host page's checklist (the agent's history, asked through the agent) and the hosts page (the agent's new report).
            var history = await Hub<StepOperations>().HistoryAsync(host, PassthroughWeb.Tests.Services.TestActors.Viewer, Ct);
            var profile = await Hub<HostCatalog>().GetLatestAsync(Host, Ct);
            Assert.Equal(ChecklistState.Done, ChecklistProgress.Of(HostChecklist.FactsOf(profile!.Report, history)).Steps[4].State);
            await WaitAsync(async () => await StepFiveOnTheHostsPageAsync() == ChecklistState.Done, "step 5 done on the hosts page", agent);
            Assert.Contains(agent.Error, line => line.Contains("reported its steps again", StringComparison.Ordinal));

            await agent.KillAsync();
            await WaitAsync(() => Task.FromResult(connections.Find(Host) is null), "the agent gone", agent);
            var offline = await guests.CheckAsync(host, gpu, domain.Name, PassthroughWeb.Tests.Services.TestActors.Operator, Ct);
            Assert.Null(offline.Report);
            Assert.Contains($"{Host}'s agent is offline", offline.Problem, StringComparison.Ordinal);
            var notMarked = await guests.MarkDoneAsync(host, gpu, domain.Name, PassthroughWeb.Tests.Services.TestActors.Operator, Ct);
            Assert.False(notMarked.Value.Marked);
            Assert.Contains($"{Host}'s agent is offline", notMarked.Value.Message, StringComparison.Ordinal);
        }
        finally
        {
            await agent.DisposeAsync();
        }
    }

    private async Task<ChecklistState?> StepFiveOnTheHostsPageAsync() =>
        (await Hub<HostStandingQuery>().ListAsync(Ct)).FirstOrDefault(s => s.Host.Name == Host)?.Progress.Steps[4].State;

    private static async Task<IReadOnlyList<HistoryEntry>> AgentEventsAsync(string agentData)
    {
        using var engine = await PassthroughWeb.Tests.Services.TestEngine.OpenAsync(agentData);
        return (await engine.History.HistoryAsync(Host, Ct)).Events;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CliProcess agent)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.\n{agent}");
            await Task.Delay(100, Ct);
        }
    }

    public void Dispose() => Directory.Delete(_machine, recursive: true);
}
