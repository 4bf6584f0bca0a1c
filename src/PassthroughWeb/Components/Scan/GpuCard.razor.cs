using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Scan;

/// <summary>One GPU: its verdict chip, the reasons, the notes, its functions and groups, and the devices that share its ID.</summary>
public partial class GpuCard
{
    [Parameter, EditorRequired] public required GpuCardModel Model { get; set; }

    private string GroupsText => Model.Groups.Count == 0 ? "none" : string.Join(", ", Model.Groups);
}
