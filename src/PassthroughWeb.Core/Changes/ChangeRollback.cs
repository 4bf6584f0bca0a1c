using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Rolls back an applied change set: each file is put back byte for byte from its backup (files the set created are
/// removed), then the plan's commands run again so that what they generate matches the restored files.
/// A file edited since the set was applied is not overwritten unless the caller forces it.
/// </summary>
public sealed class ChangeRollback
{
    private readonly HostRoot _root;
    private readonly ICommandRunner _runner;
    private readonly IChangeJournal _journal;
    private readonly TimeProvider _time;
    private readonly CommandPolicy _commandPolicy;

    public ChangeRollback(HostRoot root, ICommandRunner runner, IChangeJournal journal, TimeProvider time,
        CommandPolicy commandPolicy = CommandPolicy.SystemRootOnly)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        _root = root;
        _runner = runner;
        _journal = journal;
        _time = time;
        _commandPolicy = commandPolicy;
    }

    public async Task<RollbackResult> RollbackAsync(Guid changeSetId, bool force, CancellationToken cancellationToken)
    {
        var set = await _journal.GetAsync(changeSetId, cancellationToken).ConfigureAwait(false);
        if (set is null) return Refused(changeSetId, $"There is no change set {changeSetId}.");
        if (set.State is not (ChangeSetState.Applied or ChangeSetState.RollingBack))
            return Refused(changeSetId, set.State switch
            {
                ChangeSetState.RolledBack => "This change set was already rolled back.",
                ChangeSetState.Failed or ChangeSetState.Interrupted => $"This change set is {set.State.ToString().ToLowerInvariant()}: its files were already put back when it stopped.",
                _ => "This change set is still being applied.",
            });
        if (set.RootPath != _root.Path)
            return Refused(changeSetId, $"This change set was applied to {set.RootPath}, not to {_root.Path}.");

        var problems = new List<string>();
        var edited = new List<string>();
        foreach (var file in set.Files)
        {
            try
            {
                if (file.Existed && (file.BackupPath is null || HostFiles.TryRead(file.BackupPath) is null))
                {
                    problems.Add($"The backup of {file.Path} ({file.BackupPath}) is missing: it cannot be put back.");
                    continue;
                }
                // A set interrupted in its rollback may already have restored some files; those are fine as they are.
                var state = ChangeWork.StateOf(_root, set, file);
                if (state == ChangeWork.FileState.Other) edited.Add(file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.Path}: {ChangeWork.Describe(e)}");
            }
        }
        if (problems.Count > 0) return Refused(changeSetId, "Nothing was rolled back: " + string.Join(" ", problems), problems);
        if (edited.Count > 0 && !force)
        {
            var details = edited.Select(p => $"{p} was edited after this change set wrote it.").ToList();
            return Refused(changeSetId,
                $"Nothing was rolled back: {string.Join(", ", edited)} changed since this change set wrote {(edited.Count == 1 ? "it" : "them")}. " +
                "Rolling back would throw those edits away; roll back with force to do it anyway.", details);
        }

        await _journal.BeginRollbackAsync(changeSetId, cancellationToken).ConfigureAwait(false);
        foreach (var file in set.Files.Reverse())
        {
            try
            {
                ChangeWork.Restore(_root, set, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The set stays "rolling back": rolling back again, or the next start-up, finishes the job.
                return new RollbackResult
                {
                    ChangeSetId = changeSetId,
                    Outcome = RollbackOutcome.Failed,
                    Error = new ChangeError
                    {
                        Message = $"{file.Path} could not be put back ({ChangeWork.Describe(e)}). Roll back again once that is fixed; the backup is {file.BackupPath ?? "(none)"}.",
                        Path = file.Path,
                    },
                };
            }
        }

        var runs = new List<CommandRun>();
        var run = ChangeWork.ShouldRun(_commandPolicy, _root);
        ChangeError? error = null;
        foreach (var step in set.Plan.Commands)
        {
            var record = await ChangeWork.RunAsync(_runner, _journal, _time, changeSetId, step, ChangePhase.Rollback, run, CancellationToken.None).ConfigureAwait(false);
            runs.Add(record);
            if (record.Status is CommandStatus.Succeeded or CommandStatus.Skipped) continue;
            error = ChangeWork.CommandError(record, "The files are back as they were before the change set; run the command by hand so the boot configuration matches them.");
            break;
        }
        await _journal.CompleteAsync(changeSetId, ChangeSetState.RolledBack, error, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        return new RollbackResult
        {
            ChangeSetId = changeSetId,
            Outcome = error is null ? RollbackOutcome.RolledBack : RollbackOutcome.Failed,
            Error = error,
            Commands = runs,
        };
    }

    private static RollbackResult Refused(Guid id, string message, IReadOnlyList<string>? details = null) =>
        new() { ChangeSetId = id, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = message, Details = details ?? [] } };
}
