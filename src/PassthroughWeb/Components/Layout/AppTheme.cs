using MudBlazor;

namespace PassthroughWeb.Components.Layout;

/// <summary>The app's colours and type. The verdict colours (success, warning, error) carry meaning: keep them distinct.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
            Success = "#2e7d32",
            Warning = "#ef6c00",
            Error = "#c62828",
            Info = "#0277bd",
            TableStriped = "#f7f8fc",
        },
        Typography = new Typography
        {
            // No web fonts are fetched (the app works offline): use the system's UI font.
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "Helvetica", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
