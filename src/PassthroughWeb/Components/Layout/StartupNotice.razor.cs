using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Layout;

public sealed partial class StartupNotice
{
    private bool _wasStarting;

    [Inject] public required StartupProgress Progress { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        _wasStarting = Progress.Stage is StartupStage.Preparing or StartupStage.Working;
        if (_wasStarting) Progress.Changed += OnChanged;
    }

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        StateHasChanged();
        if (Progress.Stage is StartupStage.Ready && _wasStarting && RendererInfo.IsInteractive)
        {
            _wasStarting = false;
            // The page below loaded before the scans were stored. A reload, not an enhanced refresh: pages read the
            // database when they initialise, which a navigation to the same address does not repeat.
            Navigation.Refresh(forceReload: true);
        }
    });

    public void Dispose() => Progress.Changed -= OnChanged;
}
