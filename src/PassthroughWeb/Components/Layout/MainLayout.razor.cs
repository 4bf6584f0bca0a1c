using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Layout;

/// <summary>
/// The app bar, the menu and the theme: light or dark as the browser prefers (prefers-color-scheme), until the user
/// chooses with the app bar's button; the choice is remembered in the browser (wwwroot/js/app.js).
/// </summary>
public partial class MainLayout
{
    private bool _drawerOpen = true;
    private bool _dark;
    private bool _chosen;
    private MudThemeProvider? _themeProvider;

    [Inject] public required ServerPrivileges Privileges { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive || _themeProvider is null) return;
        var stored = await JS.InvokeAsync<string?>("passthroughWeb.storedTheme");
        _chosen = stored is not null;
        _dark = stored is null ? await _themeProvider.GetSystemDarkModeAsync() : stored == "dark";
        // Until the user chooses, a change of the system's preference (evening mode) follows through.
        await _themeProvider.WatchSystemDarkModeAsync(SystemDarkModeChangedAsync);
        StateHasChanged();
    }

    private async Task SystemDarkModeChangedAsync(bool dark)
    {
        if (_chosen) return;
        _dark = dark;
        await JS.InvokeVoidAsync("passthroughWeb.markTheme", dark);
        await InvokeAsync(StateHasChanged);
    }

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        _chosen = true;
        await JS.InvokeVoidAsync("passthroughWeb.setTheme", _dark ? "dark" : "light");
    }
}
