using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// What a subscriber of the engine's feed sees of an apply and its rollback: the host busy, the change set started,
/// each file in plan order, each command, the set applied and the reboot it waits for, the host idle again; every
/// event of the set carries its id, and every event the name of who made it.
/// </summary>
public sealed class ApplyEventsTests : IDisposable
{
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private StepHost Host => new() { Name = "workstation", Root = _host.Path };

    /// <summary>The events that came after the snapshot, up to and including the first host-idle.</summary>
    private static async Task<List<HostEvent>> UntilIdleAsync(HostEventSubscription subscription)
    {
        var events = new List<HostEvent>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var hostEvent in subscription.Changes.WithCancellation(timeout.Token))
        {
            events.Add(hostEvent);
            if (hostEvent is HostIdle) break;
        }
        return events;
    }

    [Fact]
    public async Task Apply_ASubscriberSeesTheWholeChangeSetInOrder()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        using var subscription = engine.Get<HostEventFeed>().Subscribe("workstation", Ct);

        var applied = await engine.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Operator, Ct);
        var events = await UntilIdleAsync(subscription);

        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        var id = applied.ChangeSetId!.Value;
        var files = applied.Preview.Files.Select(f => f.Path).ToList();
        var commands = applied.Preview.Commands.Select(c => c.Display).ToList();
        Assert.NotEmpty(commands);
        Assert.Equal(
            ["host-busy", "change-set-started", .. files.Select(_ => "file-written"), .. commands.Select(_ => "command-finished"), "change-set-applied", "reboot-pending", "host-idle"],
            events.Select(TypeOf));
        var started = Assert.IsType<ChangeSetStarted>(events[1]);
        Assert.Equal(["host", "isolate"], started.Steps);
        Assert.Equal(files, started.Files);
        Assert.Equal(files, events.OfType<FileWritten>().Select(f => f.Path));
        Assert.Equal(commands, events.OfType<CommandFinished>().Select(c => c.Command));
        Assert.All(events.OfType<CommandFinished>(), c => Assert.Equal(("skipped", "apply"), (c.Status, c.Phase)));
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Equal(id, e.ChangeSetId));
        Assert.All(events, e => Assert.Equal(("workstation", "olivia"), (e.Host, e.User)));
        var busy = Assert.IsType<HostBusy>(events[0]);
        Assert.Equal(("olivia", "applying steps host,isolate"), (busy.By, busy.What));
        Assert.Contains(id.ToString(), Assert.IsType<RebootPending>(events[^2]).Message, StringComparison.Ordinal);
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
    }

    [Fact]
    public async Task Rollback_ASubscriberSeesTheSetRolledBackBetweenBusyAndIdle()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var applied = await engine.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);
        using var subscription = engine.Get<HostEventFeed>().Subscribe("workstation", Ct);

        var rollback = await engine.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Admin, force: false, Ct);
        var events = await UntilIdleAsync(subscription);

        Assert.Equal(Core.Changes.RollbackOutcome.RolledBack, rollback.Value.Outcome);
        Assert.Equal("host-busy", TypeOf(events[0]));
        Assert.Equal(["change-set-rolled-back", "host-idle"], events.Select(TypeOf).Where(t => t != "command-finished").Skip(1));
        Assert.All(events.SkipLast(1), e => Assert.Equal(applied.ChangeSetId, e.ChangeSetId));
        Assert.All(events, e => Assert.Equal(TestActors.Admin.Name, e.User));
    }

    [Fact]
    public async Task Apply_TheEventsReachTheDataDirectorysLogForOtherProcesses()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var applied = await engine.Apply.ApplyAsync(Host, SampleWorkstation.GuestGpu, [HostStep.Host], StepPlanOptions.Default, TestActors.Operator, Ct);

        var logged = Directory.EnumerateFiles(Path.Combine(_data.Path, "events"), "*", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).ToList();
        Assert.Contains(logged, line => line.Contains("\"type\":\"change-set-applied\"", StringComparison.Ordinal) && line.Contains(applied.ChangeSetId!.Value.ToString(), StringComparison.Ordinal));
    }

    private static string TypeOf(HostEvent hostEvent) =>
        System.Text.Json.JsonDocument.Parse(HostEventJson.Serialize(hostEvent)).RootElement.GetProperty("type").GetString()!;
}
