namespace PassthroughWeb.Core.Changes;

/// <summary>
/// What a step wants to do to a host, shown in full before anything happens: the files with their diffs, the
/// commands in order, and what the user should know. Plans of several steps can be merged into one change set
/// (steps 2 and 3 together, so the host reboots once).
/// </summary>
public sealed record ChangePlan
{
    /// <summary>The steps this plan carries out: "host", "isolate", "vm".</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    public required string Summary { get; init; }
    public required IReadOnlyList<FileChange> Files { get; init; }
    public required IReadOnlyList<CommandStep> Commands { get; init; }

    /// <summary>libvirt domains the plan defines (step 4), applied after the files and before the commands.</summary>
    public IReadOnlyList<DomainChange> Domains { get; init; } = [];

    /// <summary>What the user should know before applying (conflicting values replaced, extras chosen …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The change takes effect only after a reboot.</summary>
    public bool NeedsReboot { get; init; }

    /// <summary>Nothing to do: every file and domain already says what the plan wants.</summary>
    public bool IsEmpty => Files.All(f => f.IsNoOp) && Domains.All(d => d.IsNoOp) && Commands.Count == 0;
}
