using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Components.Scan;

/// <summary>A GPU verdict as a coloured chip: green ready, orange shared-group, red blocked.</summary>
public partial class VerdictChip
{
    [Parameter, EditorRequired] public GpuVerdict Verdict { get; set; }

    /// <summary>Chip size; default <see cref="Size.Medium"/>.</summary>
    [Parameter] public Size Size { get; set; } = Size.Medium;

    /// <summary>Text before the verdict (e.g. a GPU's name on the overview); default none.</summary>
    [Parameter] public string? Prefix { get; set; }

    private string Text => Prefix is null ? VerdictStyle.Label(Verdict) : $"{Prefix}: {VerdictStyle.Label(Verdict)}";
}
