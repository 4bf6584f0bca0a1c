using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>A change plan in full before anything happens: summary, notes, a diff per file and per libvirt domain, and each command line.</summary>
public partial class PlanView
{
    [Parameter, EditorRequired] public required ChangePlan Plan { get; set; }

    [Parameter] public bool RootIsCopy { get; set; }

    private IReadOnlyList<FileChange> Files => [.. Plan.Files.Where(f => !f.IsNoOp)];

    private IReadOnlyList<DomainChange> Domains => [.. Plan.Domains.Where(d => !d.IsNoOp)];
}
