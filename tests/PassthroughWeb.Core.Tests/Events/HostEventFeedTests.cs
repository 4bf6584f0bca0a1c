using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Core.Tests.Events;

public sealed class HostEventFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FileWritten Written(string path, string host = "workstation") => new() { Host = host, Path = path, Bytes = 42 };

    private static async Task<List<HostEvent>> TakeAsync(HostEventSubscription subscription, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var taken = new List<HostEvent>();
        await foreach (var hostEvent in subscription.Changes.WithCancellation(timeout.Token))
        {
            taken.Add(hostEvent);
            if (taken.Count == count) break;
        }
        return taken;
    }

    [Fact]
    public async Task Subscribe_AfterSomeEvents_GetsThemAsSnapshotThenLaterOnesInOrder()
    {
        var feed = new HostEventFeed();
        feed.Publish(Written("/etc/default/grub"));
        feed.Publish(Written("/etc/modprobe.d/vfio.conf"));

        using var subscription = feed.Subscribe("workstation", Ct);
        feed.Publish(Written("/etc/mkinitcpio.conf"));
        feed.Publish(new HostIdle { Host = "workstation" });

        Assert.Equal(["/etc/default/grub", "/etc/modprobe.d/vfio.conf"], subscription.Snapshot.Cast<FileWritten>().Select(e => e.Path));
        Assert.Equal([1L, 2L], subscription.Snapshot.Select(e => e.Sequence));
        var changes = await TakeAsync(subscription, 2);
        Assert.Equal("/etc/mkinitcpio.conf", Assert.IsType<FileWritten>(changes[0]).Path);
        Assert.IsType<HostIdle>(changes[1]);
        Assert.Equal([3L, 4L], changes.Select(e => e.Sequence));
    }

    /// <summary>Two hub instances' feeds joined as the Redis relay joins them: what one sends, the other publishes as relayed.</summary>
    private sealed class Joined : IHostEventRelay
    {
        public HostEventFeed? Other { get; set; }

        public int Sent { get; private set; }

        public void Send(HostEvent published)
        {
            Sent++;
            Other!.PublishRelayed(published with { Sequence = 0 });
        }
    }

    [Fact]
    public async Task Publish_WithARelay_ReachesTheOtherInstancesFeedInOrderWithItsOrigin_AndNothingComesBack()
    {
        var toB = new Joined();
        var toA = new Joined();
        var a = new HostEventFeed(new HostEventFeedOptions { Origin = "hub-a", Relay = toB });
        var b = new HostEventFeed(new HostEventFeedOptions { Origin = "hub-b", Relay = toA });
        toB.Other = b;
        toA.Other = a;
        using var atB = b.Subscribe("gpu-node-017", Ct);

        a.Publish(new HostOnline { Host = "gpu-node-017" });
        a.Publish(Written("/etc/modprobe.d/vfio.conf", "gpu-node-017"));
        b.Publish(new HostIdle { Host = "gpu-node-017" });

        var seen = await TakeAsync(atB, 3);
        Assert.Equal([typeof(HostOnline), typeof(FileWritten), typeof(HostIdle)], seen.Select(e => e.GetType()));
        Assert.Equal(["hub-a", "hub-a", "hub-b"], seen.Select(e => e.Origin));
        Assert.Equal([1L, 2L, 3L], seen.Select(e => e.Sequence));
        // Each event crossed once: a relayed event is not sent back.
        Assert.Equal((2, 1), (toB.Sent, toA.Sent));
        using var atA = a.Subscribe("gpu-node-017", Ct);
        Assert.Equal(3, atA.Snapshot.Count);
    }

    [Fact]
    public void Publish_StampsTimeAndOriginWhenUnset_KeepsThemWhenSet()
    {
        var now = new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero);
        var feed = new HostEventFeed(new HostEventFeedOptions { Origin = "web" }, new FixedTime(now));
        var earlier = now.AddMinutes(-5);

        feed.Publish(new HostOnline { Host = "workstation" });
        feed.Publish(new HostOffline { Host = "workstation", At = earlier, Origin = "cli" });

        using var subscription = feed.Subscribe("workstation", Ct);
        Assert.Equal((now, "web"), (subscription.Snapshot[0].At, subscription.Snapshot[0].Origin));
        Assert.Equal((earlier, "cli"), (subscription.Snapshot[1].At, subscription.Snapshot[1].Origin));
    }

    [Fact]
    public async Task Subscribe_WhilePublishersRun_EveryEventIsInSnapshotOrChangesExactlyOnce()
    {
        var feed = new HostEventFeed(new HostEventFeedOptions { HistoryPerHost = 1_000_000, SubscriberCapacity = 1_000_000 });
        using var stop = new CancellationTokenSource();
        // The publishers run until told to stop, so the subscription surely lands in the middle of their work.
        var publishers = Enumerable.Range(0, 2).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 400_000 && !stop.IsCancellationRequested; i++) feed.Publish(Written($"/etc/p{p}/{i}"));
        }, Ct)).ToList();
        while (LastSequence(feed) < 1000) await Task.Yield();

        using var subscription = feed.Subscribe("workstation", Ct);
        var atSubscription = subscription.Snapshot.Count;
        while (LastSequence(feed) < atSubscription + 1000 && !publishers.All(p => p.IsCompleted)) await Task.Yield();
        await stop.CancelAsync();
        await Task.WhenAll(publishers);
        var total = LastSequence(feed);

        var changes = (await TakeAsync(subscription, (int)total - atSubscription)).Select(e => e.Sequence).ToList();
        Assert.InRange(atSubscription, 1000, total - 1);
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), [.. subscription.Snapshot.Select(e => e.Sequence), .. changes]);
    }

    private static long LastSequence(HostEventFeed feed)
    {
        using var probe = feed.Subscribe("workstation", CancellationToken.None);
        return probe.Snapshot.Count == 0 ? 0 : probe.Snapshot[^1].Sequence;
    }

    [Fact]
    public async Task Subscribe_ToOneHost_SeesOnlyThatHostsEvents_AllHostsSeesEvery()
    {
        var feed = new HostEventFeed();
        feed.Publish(Written("/etc/default/grub", host: "workstation"));
        feed.Publish(Written("/etc/default/grub", host: "render-node"));
        using var workstation = feed.Subscribe("workstation", Ct);
        using var all = feed.Subscribe(null, Ct);

        feed.Publish(new HostOnline { Host = "render-node" });
        feed.Publish(new HostOnline { Host = "workstation" });

        Assert.Equal(["workstation"], workstation.Snapshot.Select(e => e.Host));
        Assert.Equal(["workstation", "render-node"], all.Snapshot.Select(e => e.Host));
        Assert.Equal(["workstation"], (await TakeAsync(workstation, 1)).Select(e => e.Host));
        Assert.Equal(["render-node", "workstation"], (await TakeAsync(all, 2)).Select(e => e.Host));
    }

    [Fact]
    public void Snapshot_KeepsOnlyTheLatestEventsOfEachHost()
    {
        var feed = new HostEventFeed(new HostEventFeedOptions { HistoryPerHost = 3 });
        for (var i = 1; i <= 10; i++) feed.Publish(Written($"/etc/{i}"));
        feed.Publish(Written("/etc/other", host: "render-node"));

        using var subscription = feed.Subscribe(null, Ct);

        Assert.Equal(["/etc/8", "/etc/9", "/etc/10", "/etc/other"], subscription.Snapshot.Cast<FileWritten>().Select(e => e.Path));
    }

    [Fact]
    public async Task CancellingTheToken_FreesTheSubscriberAndEndsItsChanges()
    {
        var feed = new HostEventFeed();
        using var cancel = new CancellationTokenSource();
        var subscription = feed.Subscribe("workstation", cancel.Token);
        var reading = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var _ in subscription.Changes) seen++;
            return seen;
        }, Ct);
        Assert.Equal(1, feed.SubscriberCount);

        await cancel.CancelAsync();

        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal(0, await reading.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        feed.Publish(Written("/etc/default/grub"));
        Assert.Equal(0, subscription.Missed);
    }

    [Fact]
    public void Disposing_FreesTheSubscriber()
    {
        var feed = new HostEventFeed();
        var first = feed.Subscribe("workstation", Ct);
        using var second = feed.Subscribe(null, Ct);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, feed.SubscriberCount);
    }

    [Fact]
    public async Task ASubscriberThatNeverReads_DoesNotHoldUpPublish_AndLearnsWhereItMissedEvents()
    {
        const int events = 100_000;
        var feed = new HostEventFeed(new HostEventFeedOptions { SubscriberCapacity = 10_000 });
        using var idle = feed.Subscribe("workstation", Ct);

        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < events; i++) feed.Publish(Written($"/etc/{i}"));
        }, Ct);
        await publishing.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        feed.Publish(new HostIdle { Host = "workstation" });

        Assert.Equal(events - 10_000 + 1, idle.Missed);
        var seen = await TakeAsync(idle, 10_001);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), seen.Take(10_000).Select(e => e.Sequence));
        var missed = Assert.IsType<EventsMissed>(seen[^1]);
        Assert.Equal(events - 10_000 + 1, missed.Count);
        Assert.Equal(events + 1, missed.Sequence);
    }

    [Fact]
    public async Task AfterMissingEvents_TheNextEventFollowsTheMarker()
    {
        var feed = new HostEventFeed(new HostEventFeedOptions { SubscriberCapacity = 2 });
        using var subscription = feed.Subscribe("workstation", Ct);
        for (var i = 1; i <= 5; i++) feed.Publish(Written($"/etc/{i}"));

        var first = await TakeAsync(subscription, 2);
        feed.Publish(Written("/etc/6"));
        var next = await TakeAsync(subscription, 2);

        Assert.Equal([1L, 2L], first.Select(e => e.Sequence));
        var missed = Assert.IsType<EventsMissed>(next[0]);
        Assert.Equal((3L, 5L), (missed.Count, missed.Sequence));
        Assert.Equal("/etc/6", Assert.IsType<FileWritten>(next[1]).Path);
        Assert.Equal(3, subscription.Missed);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
