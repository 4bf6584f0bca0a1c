using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>A command as it ran (or was skipped): the line, its exit code, and what it printed.</summary>
public partial class CommandRunView
{
    [Parameter, EditorRequired] public required CommandRun Run { get; set; }

    private string StatusText => Run.Status switch
    {
        CommandStatus.Succeeded => "exit 0",
        CommandStatus.Failed => string.Create(CultureInfo.InvariantCulture, $"failed · exit {Run.Result?.ExitCode}"),
        CommandStatus.TimedOut => "timed out",
        CommandStatus.NotStarted => "could not start",
        _ => "skipped on a copy of a host",
    };

    private Color StatusColor => Run.Status switch
    {
        CommandStatus.Succeeded => Color.Success,
        CommandStatus.Skipped => Color.Default,
        _ => Color.Error,
    };

    private static string Output(CommandResult result) =>
        string.Join("\n", new[] { result.StandardOutput.TrimEnd(), result.StandardError.TrimEnd() }.Where(s => s.Length > 0));
}
