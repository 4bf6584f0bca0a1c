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
        if (Progress.Stage is StartupStage.Ready && _wasStarting && RendererInfo.IsInteractive)
        {
            _wasStarting = false;
            // The page below loaded before the scans were stored: render it again from the database.
            Navigation.Refresh();
            return;
        }
        StateHasChanged();
    });

    public void Dispose() => Progress.Changed -= OnChanged;
}
