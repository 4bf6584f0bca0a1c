using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>What planning a new VM found: the refusals first (nothing is created until they are fixed), then warnings, then the choices made.</summary>
public partial class VmCreationFindingsView
{
    [Parameter, EditorRequired] public required IReadOnlyList<VmCreationFinding> Findings { get; set; }

    private static Color ColorOf(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Refusal => Color.Error,
        FindingSeverity.Warning => Color.Warning,
        _ => Color.Info,
    };

    private static string SeverityText(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Refusal => "must be fixed",
        FindingSeverity.Warning => "warning",
        _ => "chosen",
    };
}
