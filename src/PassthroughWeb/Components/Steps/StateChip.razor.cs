using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Components.Steps;

/// <summary>A checklist state as a chip: the same words, colour and icon on every page.</summary>
public partial class StateChip
{
    [Parameter, EditorRequired] public ChecklistState State { get; set; }

    /// <summary>Default small.</summary>
    [Parameter] public Size Size { get; set; } = Size.Small;

    /// <summary>Filled for the next step; default outlined.</summary>
    [Parameter] public bool Filled { get; set; }
}
