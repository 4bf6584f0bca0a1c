using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

/// <summary>GuestAgent through the real virsh: every failure comes back as a status with words, never an exception.</summary>
public sealed class GuestAgentTests
{
    private const string UnreachableUri = "qemu+unix:///system?socket=/nonexistent/pw-libvirt-sock";

    private static void RequireVirsh()
    {
        if (!File.Exists("/usr/bin/virsh")) Assert.Skip("virsh is not installed (Debian: libvirt-clients).");
    }

    [Fact]
    public async Task PingAsync_LibvirtNotReachable_SaysSoInPlainWords()
    {
        RequireVirsh();
        var agent = new GuestAgent(new ProcessCommandRunner(), UnreachableUri);

        var result = await agent.PingAsync("win11", TestContext.Current.CancellationToken);

        Assert.Equal(GuestAgentStatus.LibvirtUnreachable, result.Status);
        Assert.False(result.Answered);
        Assert.StartsWith($"libvirt is not reachable at {UnreachableUri}", result.Explanation, StringComparison.Ordinal);
        Assert.Contains("failed to connect to the hypervisor", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatherAsync_LibvirtNotReachable_AsksOnceAndCarriesTheStatusToEveryAnswer()
    {
        RequireVirsh();
        var runner = new CountingRunner(new ProcessCommandRunner());
        var agent = new GuestAgent(runner, UnreachableUri);

        var answers = await GuestAgentAnswers.GatherAsync(agent, "win11", TestContext.Current.CancellationToken);

        Assert.Equal(1, runner.Count);
        Assert.Equal(GuestAgentStatus.LibvirtUnreachable, answers.OsInfo.Status);
        Assert.Equal(GuestAgentStatus.LibvirtUnreachable, answers.Devices.Status);
    }

    [Fact]
    public async Task GetOsInfoAsync_TestDriverConnection_IsNotAQemuConnection()
    {
        RequireVirsh();
        // libvirt's built-in test driver has a running domain named "test" but no guest agents.
        var agent = new GuestAgent(new ProcessCommandRunner(), "test:///default");

        var result = await agent.GetOsInfoAsync("test", TestContext.Current.CancellationToken);

        Assert.Equal(GuestAgentStatus.NotQemuConnection, result.Status);
        Assert.Contains("qemu:///system", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDevicesAsync_NoSuchDomain_IsDomainNotFound()
    {
        RequireVirsh();
        var agent = new GuestAgent(new ProcessCommandRunner(), "test:///default");

        var result = await agent.GetDevicesAsync("no-such-vm", TestContext.Current.CancellationToken);

        Assert.Equal(GuestAgentStatus.DomainNotFound, result.Status);
        Assert.Contains("no VM named 'no-such-vm'", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_IsAnArgumentListWithTheDomainAndCommandAsSeparateItems()
    {
        var request = VirshAgentCommand.Request("qemu:///system", "win 11 'gaming'", "guest-get-osinfo");

        Assert.Equal("virsh", request.Program);
        Assert.Equal(["-c", "qemu:///system", "qemu-agent-command", "--domain", "win 11 'gaming'", "--timeout", "5", "--cmd", """{"execute":"guest-get-osinfo"}"""],
            request.Arguments);
    }

    [Theory]
    [InlineData("error: argument unsupported: QEMU guest agent is not configured", GuestAgentStatus.AgentNotConfigured)]
    [InlineData("error: Guest agent is not responding: QEMU guest agent is not connected", GuestAgentStatus.AgentNotAnswering)]
    [InlineData("error: Guest agent is not responding: Guest agent not available for now", GuestAgentStatus.AgentNotAnswering)]
    [InlineData("error: Requested operation is not valid: domain is not running", GuestAgentStatus.DomainNotRunning)]
    [InlineData("error: internal error: unable to execute QEMU agent command 'guest-fsfreeze-freeze': failed", GuestAgentStatus.Failed)]
    public void Classify_LibvirtMessages_GiveTheirStatus(string said, GuestAgentStatus status)
    {
        Assert.Equal(status, VirshAgentCommand.Classify(said, "qemu:///system", "win11", "guest-ping").Status);
    }

    [Fact]
    public void Constructor_EmptyUri_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new GuestAgent(new ProcessCommandRunner(), " "));
    }

    private sealed class CountingRunner(ICommandRunner inner) : ICommandRunner
    {
        public int Count { get; private set; }

        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            Count++;
            return inner.RunAsync(request, cancellationToken);
        }
    }
}
