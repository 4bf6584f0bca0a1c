using Microsoft.AspNetCore.Components;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Services.Rollouts;

namespace PassthroughWeb.Components.Rollouts;

/// <summary>
/// One rollout: each host's plan side by side, where each stands, what the rollout waits for, and (for Operators)
/// start, verify and roll back. Follows the feed: a rollout-progress event of this rollout reads it again.
/// </summary>
public partial class RolloutPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private RolloutDocument? _rollout;
    private string? _notFound;
    private string? _error;
    private bool _busy;

    [Parameter] public required string Id { get; set; }

    [Inject] public required RolloutOperation Rollouts { get; init; }
    [Inject] public required HostEventFeed Feed { get; init; }
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    protected override void OnInitialized()
    {
        // Subscribed before the first read, so a step taken during the read is not lost: it reads again.
        if (RendererInfo.IsInteractive) _ = ListenAsync(Feed.Subscribe(host: null, _disposed.Token), _disposed.Token);
    }

    protected override async Task OnParametersSetAsync() => Show(await Rollouts.GetAsync(Id, CancellationToken.None));

    private void Show(RolloutAnswer answer)
    {
        if (answer.View is { } view)
        {
            _rollout = RolloutDocumentMapper.Map(view.Rollout, view.Plans);
            _error = null;
        }
        else if (answer.Refusal == RolloutRefusal.Unknown && _rollout is null) _notFound = answer.Message;
        else _error = answer.Message;
    }

    private async Task ListenAsync(HostEventSubscription subscription, CancellationToken closed)
    {
        using (subscription)
        {
            try
            {
                await foreach (var hostEvent in subscription.Changes.WithCancellation(closed))
                {
                    if (hostEvent is not RolloutProgress progress || progress.RolloutId != Id) continue;
                    var answer = await Rollouts.GetAsync(Id, closed);
                    await InvokeAsync(() =>
                    {
                        Show(answer);
                        StateHasChanged();
                    });
                }
            }
            catch (OperationCanceledException) when (closed.IsCancellationRequested)
            {
                // The page was closed.
            }
        }
    }

    private Task StartAsync() => RunAsync(async actor => await Rollouts.StartAsync(Id, actor, CancellationToken.None));

    private Task VerifyAsync() => RunAsync(async actor => await Rollouts.VerifyAsync(Id, actor, CancellationToken.None));

    private Task RollbackAsync() => RunAsync(async actor => await Rollouts.RollbackAsync(Id, actor, CancellationToken.None));

    private async Task RunAsync(Func<Core.Access.Actor, Task<RolloutAnswer>> operation)
    {
        _busy = true;
        try
        {
            Show(await operation(await Actors.GetAsync()));
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
