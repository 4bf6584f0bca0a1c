using System.Text.Json;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Drift;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Drift;

/// <summary>
/// Drift through the real operations on the guide's workstation: steps 2 and 3 applied for the RX 6600 at 07:00.0, then
/// the card moved to 08:00.0 (the fixture tree written again), then a rescan flags the host, puts drift-detected on
/// its feed and marks step 3 for re-checking on both pages; <c>scan</c> says the same; a rollback forgets it.
/// </summary>
public sealed class DriftOperationTests : IDisposable
{
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task CardMovedAfterStep3_RescanFlagsTheHost_MarksStep3_AndRollbackClearsIt()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        await engine.Scans.ScanAndStoreAsync(_host.Path, null, isDemo: false, Ct);
        var name = SampleWorkstation.HostName;
        var host = new StepHost { Name = name, Root = _host.Path };
        var applied = await engine.Apply.ApplyAsync(host, SampleWorkstation.GuestGpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Operator, Ct);
        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        var planned = (await engine.History.HistoryAsync(name, Ct)).PlannedDevices;
        Assert.Equal(["0000:07:00.0 1002:73ff 18", "0000:07:00.1 1002:ab28 19"], planned.Select(d => $"{d.Address} {d.VendorDevice} {d.IommuGroup}"));
        Assert.All(planned, d => Assert.Equal(("isolate", applied.ChangeSetId), (d.Step, d.ChangeSetId)));

        CardMoves.MoveGuestCardToSlot8(_host.Path);
        using var subscription = engine.Get<HostEventFeed>().Subscribe(name, Ct);
        Assert.True((await engine.Scans.RescanAsync(name, TestActors.Operator, Ct)).Succeeded);

        var drift = await NextDriftAsync(subscription);
        Assert.Equal(["isolate"], drift.Steps);
        Assert.Equal(2, drift.Differences.Count);
        Assert.Contains("it is at 0000:08:00.0 now", drift.Differences[0], StringComparison.Ordinal);
        // Its HDMI audio went with it, not to the host card's audio at 03:00.1, which has the same ID.
        Assert.Contains("it is at 0000:08:00.1 now", drift.Differences[1], StringComparison.Ordinal);
        var catalog = CatalogOf(engine);
        var latest = (await catalog.GetLatestAsync(name, Ct))!;
        var history = await engine.History.HistoryAsync(name, Ct);
        var onHostPage = ChecklistProgress.Of(HostChecklist.FactsOf(latest.Report, history));
        Assert.Equal(ChecklistState.Recheck, onHostPage.Steps[2].State);
        Assert.Equal("2 planned devices differ in the newest scan", onHostPage.Steps[2].Detail);
        var onHostsPage = (await new HostStandingQuery(catalog, engine.History, new PassthroughWeb.Services.Agents.AgentConnections(engine.Get<HostEventFeed>(), TimeProvider.System)).ListAsync(Ct)).Single(h => h.Name == name);
        Assert.Equal(onHostPage.Steps.Select(s => s.State), onHostsPage.Progress.Steps.Select(s => s.State));

        // scan on the command line compares the same way, and says so in text and in JSON.
        var text = await CliRun.RunAsync("scan", "--root", _host.Path, "--data", _data.Path);
        Assert.Contains("DRIFT    The hardware changed since step 3 was applied: 2 differences", text.StandardOutput, StringComparison.Ordinal);
        var json = await CliRun.RunAsync("scan", "--root", _host.Path, "--data", _data.Path, "--json");
        using var document = JsonDocument.Parse(json.StandardOutput);
        var first = document.RootElement.GetProperty("drift")[0];
        Assert.Equal(("moved", "isolate", "0000:07:00.0", "0000:08:00.0"),
            (first.GetProperty("kind").GetString(), first.GetProperty("step").GetString(), first.GetProperty("planned").GetProperty("address").GetString(), first.GetProperty("found").GetProperty("address").GetString()));

        var rolledBack = await engine.Rollback.RollbackAsync(applied.ChangeSetId!.Value, TestActors.Operator, force: false, Ct);
        Assert.Equal(Core.Changes.RollbackOutcome.RolledBack, rolledBack.Value!.Outcome);
        history = await engine.History.HistoryAsync(name, Ct);
        Assert.Empty(history.PlannedDevices);
        Assert.NotEqual(ChecklistState.Recheck, ChecklistProgress.Of(HostChecklist.FactsOf(latest.Report, history)).Steps[2].State);
    }

    [Fact]
    public async Task CardMoved_AnOperatorKeepsTheNewLayout_DriftIsMeasuredFromThere_AViewerMayNot()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        await engine.Scans.ScanAndStoreAsync(_host.Path, null, isDemo: false, Ct);
        var name = SampleWorkstation.HostName;
        var applied = await engine.Apply.ApplyAsync(new StepHost { Name = name, Root = _host.Path }, SampleWorkstation.GuestGpu, [HostStep.Isolate], StepPlanOptions.Default, TestActors.Operator, Ct);
        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        CardMoves.MoveGuestCardToSlot8(_host.Path);
        await engine.Scans.RescanAsync(name, TestActors.Operator, Ct);
        var recorder = engine.Get<PassthroughWeb.Services.Drift.PlannedDeviceRecorder>();

        Assert.Equal(DriftAcceptanceOutcome.NotAllowed, (await recorder.AcceptAsync(name, TestActors.Viewer, Ct)).Outcome);
        var accepted = await recorder.AcceptAsync(name, TestActors.Operator, Ct);

        Assert.Equal(DriftAcceptanceOutcome.Accepted, accepted.Outcome);
        Assert.StartsWith("Accepted the hardware of profile #2", accepted.Message, StringComparison.Ordinal);
        var history = await engine.History.HistoryAsync(name, Ct);
        Assert.Equal(["0000:08:00.0 18", "0000:08:00.1 19"], history.PlannedDevices.Select(d => $"{d.Address} {d.IommuGroup}"));
        Assert.All(history.PlannedDevices, d => Assert.Equal(applied.ChangeSetId, d.ChangeSetId));
        Assert.True(history.DriftIn((await CatalogOf(engine).GetLatestAsync(name, Ct))!.Report).IsEmpty);
        var entry = history.Events[0];
        Assert.Equal((PassthroughWeb.Services.Drift.PlannedDeviceRecorder.AcceptedEvent, "olivia"), (entry.Kind, entry.User));
        var again = await recorder.AcceptAsync(name, TestActors.Operator, Ct);
        Assert.Equal(DriftAcceptanceOutcome.NothingToAccept, again.Outcome);
        Assert.Equal(entry.Id, (await engine.History.HistoryAsync(name, Ct)).Events[0].Id);
        Assert.Equal(DriftAcceptanceOutcome.UnknownHost, (await recorder.AcceptAsync("gpu-node-404", TestActors.Operator, Ct)).Outcome);
    }

    [Fact]
    public async Task NothingChanged_RescanPublishesNoDrift()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        await engine.Scans.ScanAndStoreAsync(_host.Path, null, isDemo: false, Ct);
        var name = SampleWorkstation.HostName;
        var applied = await engine.Apply.ApplyAsync(new StepHost { Name = name, Root = _host.Path }, SampleWorkstation.GuestGpu, [HostStep.Isolate], StepPlanOptions.Default, TestActors.Operator, Ct);
        Assert.Equal(StepApplyOutcome.Applied, applied.Outcome);
        using var subscription = engine.Get<HostEventFeed>().Subscribe(name, Ct);

        Assert.True((await engine.Scans.RescanAsync(name, TestActors.Operator, Ct)).Succeeded);

        // Everything the rescan published is in the feed before it returns: a marker published now comes after all of it.
        engine.Get<HostEventFeed>().Publish(new HostIdle { Host = name });
        var events = new List<HostEvent>();
        await NextAsync(subscription, e => { events.Add(e); return e is HostIdle; });
        Assert.Contains(events, e => e is ScanStored);
        Assert.DoesNotContain(events, e => e is DriftDetected);
        Assert.True((await engine.History.HistoryAsync(name, Ct)).DriftIn((await CatalogOf(engine).GetLatestAsync(name, Ct))!.Report).IsEmpty);
    }

    private static HostCatalog CatalogOf(TestEngine engine) =>
        new(engine.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PassthroughWeb.Data.PassthroughDbContext>>());

    private static async Task<DriftDetected> NextDriftAsync(HostEventSubscription subscription) =>
        Assert.IsType<DriftDetected>(await NextAsync(subscription, e => e is DriftDetected));

    private static async Task<HostEvent> NextAsync(HostEventSubscription subscription, Func<HostEvent, bool> wanted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var hostEvent in subscription.Changes.WithCancellation(timeout.Token))
            if (wanted(hostEvent)) return hostEvent;
        throw new InvalidOperationException("The feed ended before the event came.");
    }
}
