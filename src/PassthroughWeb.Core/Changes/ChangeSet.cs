namespace PassthroughWeb.Core.Changes;

/// <summary>
/// A plan as it is applied to one host: who, when, where the backups are, what each command did, and how it ended.
/// Recorded in the journal before the first write and updated at every step, so it is also the history.
/// </summary>
public sealed record ChangeSet
{
    public required Guid Id { get; init; }

    /// <summary>The host's name, as the scan reports it.</summary>
    public required string Host { get; init; }

    public IReadOnlyList<string> Steps => Plan.Steps;
    public required string User { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required ChangePlan Plan { get; init; }

    /// <summary>The host root the set was applied to, on this machine (<c>/</c>, or a copy of a host).</summary>
    public required string RootPath { get; init; }

    /// <summary>The files the set writes (no-op changes of the plan left out), in plan order.</summary>
    public required IReadOnlyList<ChangedFile> Files { get; init; }

    public IReadOnlyList<CommandRun> Commands { get; init; } = [];
    public required ChangeSetState State { get; init; }
    public ChangeError? Error { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    public bool IsIncomplete => State is ChangeSetState.InProgress or ChangeSetState.RollingBack;

    /// <summary>The diffs of every file the set writes, as shown before it was applied.</summary>
    public string Diff => UnifiedDiff.Render(Plan);

    /// <summary>The planned change of one of the set's files.</summary>
    public FileChange ChangeOf(ChangedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Plan.Files.First(f => !f.IsNoOp && f.Path == file.Path);
    }
}
