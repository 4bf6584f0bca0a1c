using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Isolation;

namespace PassthroughWeb.Components.Steps;

/// <summary>What the linter found in the host's modprobe.d files, worst first, each with its fix.</summary>
public partial class ModprobeFindingsView
{
    [Parameter, EditorRequired] public required IReadOnlyList<ModprobeFinding> Findings { get; set; }

    private static Color ColorOf(ModprobeFindingSeverity severity) => severity switch
    {
        ModprobeFindingSeverity.Error => Color.Error,
        ModprobeFindingSeverity.Warning => Color.Warning,
        _ => Color.Info,
    };

    private static string Location(ModprobeFinding finding) =>
        finding.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{finding.File}:{line}") : finding.File;
}
