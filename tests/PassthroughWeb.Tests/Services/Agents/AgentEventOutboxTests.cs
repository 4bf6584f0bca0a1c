using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Tests.Services.Agents;

/// <summary>
/// The agent's events reach the hub across reconnects: what its host's feed publishes while no connection is up, or
/// while a send fails, is sent in order on the next connection, with nothing lost or sent twice.
/// </summary>
public sealed class AgentEventOutboxTests
{
    private const string Host = "gpu-node-017";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static FileWritten Written(string path) => new() { Host = Host, Path = path, Bytes = 120 };

    /// <summary>A connection: the events it sent, and ends when told (or after <paramref name="failAt"/> sends, by throwing as a broken socket does).</summary>
    private sealed class Connection(int? failAt = null)
    {
        public List<string> Sent { get; } = [];

        public CancellationTokenSource Ended { get; } = new();

        public Task SendAsync(HostEvent hostEvent, CancellationToken ct)
        {
            if (Sent.Count == failAt) throw new IOException("The WebSocket connection was closed by the hub.");
            Sent.Add(((FileWritten)hostEvent).Path);
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Sent.Count < count && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.True(Sent.Count >= count, $"sent {Sent.Count} of {count}: {string.Join(", ", Sent)}");
        }
    }

    [Fact]
    public async Task EventsOfTheTimeWithoutAConnection_AreSentInOrder_OnTheNextOne()
    {
        var feed = new HostEventFeed();
        using var outbox = new AgentEventOutbox(feed, Host);
        feed.Publish(Written("/etc/default/grub"));
        feed.Publish(Written("/etc/modprobe.d/vfio.conf"));
        feed.Publish(new CommandOutput { Host = "workstation", Command = "update-grub", Stream = CommandOutputStream.StandardOutput, Line = "Generating grub configuration file ..." });

        var connection = new Connection();
        var sending = outbox.SendAsync(connection.SendAsync, connection.Ended.Token);
        await connection.WaitForAsync(2);
        feed.Publish(Written("/etc/initramfs-tools/modules"));
        await connection.WaitForAsync(3);
        await connection.Ended.CancelAsync();
        await sending;

        Assert.Equal(["/etc/default/grub", "/etc/modprobe.d/vfio.conf", "/etc/initramfs-tools/modules"], connection.Sent);
        Assert.Equal(0, outbox.Missed);
    }

    [Fact]
    public async Task AnEventWhoseSendFailed_IsTheFirstSentOnTheNextConnection_AndNoneIsSentTwice()
    {
        var feed = new HostEventFeed();
        using var outbox = new AgentEventOutbox(feed, Host);
        foreach (var path in new[] { "/etc/default/grub", "/etc/modprobe.d/vfio.conf", "/etc/initramfs-tools/modules" }) feed.Publish(Written(path));

        var broken = new Connection(failAt: 1);
        await Assert.ThrowsAsync<IOException>(() => outbox.SendAsync(broken.SendAsync, broken.Ended.Token));
        var next = new Connection();
        var sending = outbox.SendAsync(next.SendAsync, next.Ended.Token);
        await next.WaitForAsync(2);
        await next.Ended.CancelAsync();
        await sending;

        Assert.Equal(["/etc/default/grub"], broken.Sent);
        Assert.Equal(["/etc/modprobe.d/vfio.conf", "/etc/initramfs-tools/modules"], next.Sent);
    }

    [Fact]
    public async Task AnEventThatComesAfterAConnectionEndedWhileWaiting_GoesToTheNextConnection()
    {
        var feed = new HostEventFeed();
        using var outbox = new AgentEventOutbox(feed, Host);
        var first = new Connection();
        var waiting = outbox.SendAsync(first.SendAsync, first.Ended.Token);
        await first.Ended.CancelAsync();
        await waiting;

        feed.Publish(Written("/etc/mkinitcpio.conf"));
        var second = new Connection();
        var sending = outbox.SendAsync(second.SendAsync, second.Ended.Token);
        await second.WaitForAsync(1);
        await second.Ended.CancelAsync();
        await sending;

        Assert.Empty(first.Sent);
        Assert.Equal(["/etc/mkinitcpio.conf"], second.Sent);
    }
}
