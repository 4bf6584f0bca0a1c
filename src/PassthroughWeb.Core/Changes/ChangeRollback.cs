using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Testing;

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
    private readonly IHostEventPublisher? _events;

    /// <param name="events">
    /// Told as the rollback goes: each line of command output, each command finished, then rolled back (or failed).
    /// Null (the default): nobody is told. A refused rollback publishes nothing: nothing was touched.
    /// </param>
    public ChangeRollback(HostRoot root, ICommandRunner runner, IChangeJournal journal, TimeProvider time,
        CommandPolicy commandPolicy = CommandPolicy.SystemRootOnly, IHostEventPublisher? events = null)
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
        _events = events;
    }

    public Task<RollbackResult> RollbackAsync(Guid changeSetId, bool force, CancellationToken cancellationToken) =>
        RollbackAsync(changeSetId, force, user: null, cancellationToken);

    /// <param name="user">Who rolls back, for the events; the set's own user when null.</param>
    public async Task<RollbackResult> RollbackAsync(Guid changeSetId, bool force, string? user, CancellationToken cancellationToken)
    {
        var set = await _journal.GetAsync(changeSetId, cancellationToken).ConfigureAwait(false);
        if (set is null) return Refused(changeSetId, $"There is no change set {changeSetId}.");
        // Another tab, user or the CLI got there first: the wanted state holds, which is not a failure.
        if (set.State == ChangeSetState.RolledBack)
            return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.AlreadyRolledBack, RolledBackAt = set.CompletedAt };
        if (set.State is not (ChangeSetState.Applied or ChangeSetState.RollingBack))
            return Refused(changeSetId, set.State switch
            {
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
        var domains = set.Plan.Domains.Where(d => !d.IsNoOp).ToList();
        // A domain the apply only listed as skipped (a copy of a host, no connection named) was never in libvirt.
        var skipped = domains.Select((d, i) => DomainWork.WasSkipped(set, d, i)).ToList();
        for (var i = 0; i < domains.Count; i++)
            if (!skipped[i]) await CheckDomainAsync(set, domains[i], problems, edited, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0) return Refused(changeSetId, "Nothing was rolled back: " + string.Join(" ", problems), problems);
        if (edited.Count > 0 && !force)
        {
            var details = edited.Select(p => $"{p} was edited after this change set wrote it.").ToList();
            return Refused(changeSetId,
                $"Nothing was rolled back: {string.Join(", ", edited)} changed since this change set wrote {(edited.Count == 1 ? "it" : "them")}. " +
                "Rolling back would throw those edits away; roll back with force to do it anyway.", details);
        }

        await _journal.BeginRollbackAsync(changeSetId, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.RollbackBegun);
        var events = ChangeEvents.For(_events, _time, set, user ?? set.User);
        for (var i = domains.Count - 1; i >= 0; i--)
        {
            if (skipped[i])
            {
                await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, RestoreStep(domains[i]), ChangePhase.Rollback, run: false, CancellationToken.None, events).ConfigureAwait(false);
                continue;
            }
            var failed = await RestoreDomainAsync(set, events, domains[i], i).ConfigureAwait(false);
            if (failed is null) continue;
            // The set stays "rolling back": rolling back again finishes the job.
            var domainError = ChangeWork.CommandError(failed, "Roll back again once that is fixed.");
            events.RolledBack(domainError);
            return new RollbackResult
            {
                ChangeSetId = changeSetId,
                Outcome = RollbackOutcome.Failed,
                Error = domainError,
                Commands = [failed],
            };
        }
        foreach (var file in set.Files.Reverse())
        {
            try
            {
                ChangeWork.Restore(_root, set, file);
                CrashPoints.Reach(CrashPoints.FileRestored);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The set stays "rolling back": rolling back again, or the next start-up, finishes the job.
                var fileError = new ChangeError
                {
                    Message = $"{file.Path} could not be put back ({ChangeWork.Describe(e)}). Roll back again once that is fixed; the backup is {file.BackupPath ?? "(none)"}.",
                    Path = file.Path,
                };
                events.RolledBack(fileError);
                return new RollbackResult { ChangeSetId = changeSetId, Outcome = RollbackOutcome.Failed, Error = fileError };
            }
        }

        var runs = new List<CommandRun>();
        var run = ChangeWork.ShouldRun(_commandPolicy, _root);
        ChangeError? error = null;
        foreach (var step in set.Plan.Commands)
        {
            var record = await ChangeWork.RunAsync(_runner, _journal, _time, changeSetId, step, ChangePhase.Rollback, run, CancellationToken.None, events).ConfigureAwait(false);
            runs.Add(record);
            if (record.Status is CommandStatus.Succeeded or CommandStatus.Skipped) continue;
            error = ChangeWork.CommandError(record, "The files are back as they were before the change set; run the command by hand so the boot configuration matches them.");
            break;
        }
        CrashPoints.Reach(CrashPoints.RollbackCompleting);
        await _journal.CompleteAsync(changeSetId, ChangeSetState.RolledBack, error, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        events.RolledBack(error);
        return new RollbackResult
        {
            ChangeSetId = changeSetId,
            Outcome = error is null ? RollbackOutcome.RolledBack : RollbackOutcome.Failed,
            Error = error,
            Commands = runs,
        };
    }

    /// <summary>
    /// A domain can be rolled back when libvirt still holds what the set defined (else it was edited since: only with
    /// force) and it is shut off. A created domain that is already gone is fine.
    /// </summary>
    private async Task CheckDomainAsync(ChangeSet set, DomainChange domain, List<string> problems, List<string> edited, CancellationToken cancellationToken)
    {
        var dump = await _runner.RunAsync(DomainWork.Dump(domain).Command, cancellationToken).ConfigureAwait(false);
        if (DomainWork.Unreachable(domain, dump) is { } unreachable)
        {
            problems.Add(unreachable);
            return;
        }
        if (!dump.Succeeded)
        {
            if (domain.Before is not null) problems.Add($"The domain {domain.Name} is gone from {domain.Connection}: there is nothing to put its definition back on.");
            return;
        }
        if (!string.Equals(dump.StandardOutput, DomainWork.AppliedDefinition(set, domain), StringComparison.Ordinal))
            edited.Add($"the domain {domain.Name}");
        if (await DomainWork.ShutOffProblemAsync(_runner, domain, cancellationToken).ConfigureAwait(false) is { } running) problems.Add(running);
    }

    /// <summary>What putting a domain back means, for the record of a rollback that skips it.</summary>
    private static CommandStep RestoreStep(DomainChange domain) => domain.Before is null
        ? DomainWork.Undefine(domain)
        : DomainWork.Define(domain, "(the definition before the change set)", $"Put back the definition of {domain.Name} as it was before the change set.");

    /// <summary>Defines the previous XML again (exactly as libvirt gave it when planned), or removes a created domain and its disk.</summary>
    private async Task<CommandRun?> RestoreDomainAsync(ChangeSet set, ChangeEvents events, DomainChange domain, int index)
    {
        if (domain.Before is { } before)
        {
            var file = Path.Combine(Path.GetTempPath(), $"passthroughweb-{set.Id:N}-domain-{index:D2}-before.xml");
            HostFiles.WritePrivate(file, before);
            try
            {
                var define = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id,
                    DomainWork.Define(domain, file, $"Put back the definition of {domain.Name} as it was before the change set."), ChangePhase.Rollback, run: true, CancellationToken.None, events).ConfigureAwait(false);
                return define.Status == CommandStatus.Succeeded ? null : define;
            }
            finally
            {
                HostFiles.TryDelete(file);
            }
        }
        var exists = await _runner.RunAsync(DomainWork.Dump(domain).Command, CancellationToken.None).ConfigureAwait(false);
        if (exists.Succeeded)
        {
            var undefine = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.Undefine(domain), ChangePhase.Rollback, run: true, CancellationToken.None, events).ConfigureAwait(false);
            if (undefine.Status != CommandStatus.Succeeded) return undefine;
        }
        if (domain.NewVolume is { } volume && set.Commands.Any(r => r.Phase == ChangePhase.Apply && r.Status == CommandStatus.Succeeded
                && r.Step.Command.Arguments.SequenceEqual(DomainWork.CreateVolume(domain, volume).Command.Arguments)))
        {
            var delete = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.DeleteVolume(domain, volume), ChangePhase.Rollback, run: true, CancellationToken.None, events).ConfigureAwait(false);
            if (delete.Status != CommandStatus.Succeeded) return delete;
        }
        return null;
    }

    private static RollbackResult Refused(Guid id, string message, IReadOnlyList<string>? details = null) =>
        new() { ChangeSetId = id, Outcome = RollbackOutcome.Refused, Error = new ChangeError { Message = message, Details = details ?? [] } };
}
