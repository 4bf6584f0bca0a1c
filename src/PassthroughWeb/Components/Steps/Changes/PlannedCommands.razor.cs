using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>The commands a plan runs after writing its files, in order, each as a user would type it and why.</summary>
public partial class PlannedCommands
{
    [Parameter, EditorRequired] public required IReadOnlyList<CommandStep> Commands { get; set; }

    /// <summary>The host root is not "/": the change engine lists the commands as skipped instead of running them.</summary>
    [Parameter] public bool RootIsCopy { get; set; }
}
