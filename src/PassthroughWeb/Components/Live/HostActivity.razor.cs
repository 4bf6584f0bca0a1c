using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Components.Live;

/// <summary>
/// Subscribes to the host's feed for as long as the page is open (the subscription ends with the circuit) and shows it
/// as lines; tells the page when something finished (<see cref="Settled"/>), so the step cards read the new state
/// without a reload.
/// </summary>
public partial class HostActivity : IDisposable
{
    /// <summary>Lines kept on the page; the history has the rest.</summary>
    public const int MaxLines = 300;

    // Command output can come thousands of lines a second: the page re-renders at most this often.
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(150);

    private readonly CancellationTokenSource _disposed = new();
    private readonly List<ActivityLine> _lines = [];
    // Filled by the feed's reader, emptied on the renderer's thread (the only one that touches _lines).
    private readonly System.Collections.Concurrent.ConcurrentQueue<HostEvent> _incoming = new();
    private HostBusy? _busy;
    private int _dropped;
    private int _renderScheduled;

    [Parameter, EditorRequired] public required string HostName { get; set; }

    /// <summary>A change set, rollback, verification or scan finished: the step cards should read the host again.</summary>
    [Parameter] public EventCallback<HostEvent> Settled { get; set; }

    /// <summary>A change set was journaled and starts writing: the checklist shows its steps as applying.</summary>
    [Parameter] public EventCallback<ChangeSetStarted> Started { get; set; }

    [Inject] public required HostEventFeed Feed { get; init; }

    protected override void OnInitialized()
    {
        // Prerendering has no circuit to keep a subscription alive: only the interactive render listens.
        if (!RendererInfo.IsInteractive) return;
        var subscription = Feed.Subscribe(HostName, _disposed.Token);
        // Opened while a change runs: say so, with what it has done so far.
        var lastBusy = subscription.Snapshot.LastOrDefault(e => e is HostBusy or HostIdle);
        if (lastBusy is HostBusy)
            foreach (var hostEvent in subscription.Snapshot.SkipWhile(e => e != lastBusy)) Add(hostEvent);
        _ = ListenAsync(subscription);
    }

    private async Task ListenAsync(HostEventSubscription subscription)
    {
        using (subscription)
        {
            try
            {
                await foreach (var hostEvent in subscription.Changes.WithCancellation(_disposed.Token))
                {
                    _incoming.Enqueue(hostEvent);
                    if (hostEvent is ChangeSetStarted started)
                        await InvokeAsync(() => Started.InvokeAsync(started));
                    if (IsSettling(hostEvent))
                        await InvokeAsync(async () =>
                        {
                            Drain();
                            await Settled.InvokeAsync(hostEvent);
                        });
                    ScheduleRender();
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                // The page was closed.
            }
        }
    }

    private void Drain()
    {
        while (_incoming.TryDequeue(out var hostEvent)) Add(hostEvent);
    }

    private void Add(HostEvent hostEvent)
    {
        switch (hostEvent)
        {
            case HostBusy busy:
                _busy = busy;
                break;
            case HostIdle:
                _busy = null;
                return;
            // Every open card re-plans when something changes: those plans are not news to a reader of this page.
            case PlanReady:
                return;
        }
        _lines.Add(new ActivityLine(hostEvent.At, HostEventJson.TypeNameOf(hostEvent), KindOf(hostEvent), HostEventText.Describe(hostEvent), hostEvent.User));
        if (_lines.Count > MaxLines)
        {
            _lines.RemoveAt(0);
            _dropped++;
        }
    }

    private void ScheduleRender()
    {
        if (Interlocked.Exchange(ref _renderScheduled, 1) == 1) return;
        _ = Task.Delay(RenderInterval, _disposed.Token).ContinueWith(async _ =>
        {
            Volatile.Write(ref _renderScheduled, 0);
            if (!_disposed.IsCancellationRequested)
                await InvokeAsync(() =>
                {
                    Drain();
                    StateHasChanged();
                });
        }, TaskScheduler.Default);
    }

    /// <summary>The events after which what the cards show may have changed.</summary>
    internal static bool IsSettling(HostEvent hostEvent) => hostEvent is ChangeSetApplied or ChangeSetFailed or ChangeSetRolledBack or VerificationResult or ScanStored or HostIdle;


    private static string KindOf(HostEvent hostEvent) => hostEvent switch
    {
        ChangeSetFailed or CommandFinished { Status: "failed" or "timed-out" or "not-started" } or VerificationResult { Passed: false } => "activity-error",
        ChangeSetApplied or ChangeSetRolledBack { Outcome: "rolled-back" } or VerificationResult { Passed: true } => "activity-done",
        CommandOutput => "activity-output",
        _ => "activity-step",
    };

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record ActivityLine(DateTimeOffset At, string Type, string Kind, string Text, string? User);
}
