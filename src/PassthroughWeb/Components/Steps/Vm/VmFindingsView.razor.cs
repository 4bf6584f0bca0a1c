using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Components.Steps.Vm;

/// <summary>Step 4's check of a VM: each finding with its severity, explanation and fix, and whether the plan makes the fix.</summary>
public partial class VmFindingsView
{
    [Parameter, EditorRequired] public required IReadOnlyList<VmFinding> Findings { get; set; }

    /// <summary>What blocks first, then warnings, then information; in the planner's order within each.</summary>
    private IEnumerable<VmFinding> Ordered => Findings.OrderByDescending(f => f.Severity);

    public static Color ColorOf(VmFindingSeverity severity) => severity switch
    {
        VmFindingSeverity.Blocking => Color.Error,
        VmFindingSeverity.Warning => Color.Warning,
        _ => Color.Info,
    };

    public static string SeverityText(VmFindingSeverity severity) => severity switch
    {
        VmFindingSeverity.Blocking => "blocks the change",
        VmFindingSeverity.Warning => "warning",
        _ => "info",
    };
}
