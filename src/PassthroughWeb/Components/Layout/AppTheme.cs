using MudBlazor;

namespace PassthroughWeb.Components.Layout;

/// <summary>
/// The app's colours and type, light and dark. The verdict and state colours (success, warning, error, info, primary)
/// carry meaning on every page (Scan/VerdictStyle, Steps/ChecklistStateStyle): keep them distinct in both palettes.
/// </summary>
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
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a237e",
            Background = "#15171c",
            Surface = "#1f2229",
            DrawerBackground = "#1b1e24",
            Success = "#66bb6a",
            Warning = "#ffa726",
            Error = "#ef5350",
            Info = "#4fc3f7",
            TableStriped = "#23262e",
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
