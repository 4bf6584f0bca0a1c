using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Applies a plan to a host: checks everything first and touches nothing when a check fails; backs up each file and
/// journals the set before the first write; writes each file atomically keeping its mode and owner; runs the
/// commands in order. When a write or a command fails, every file is put back as it was and the set is recorded
/// as failed with the reason. Expected failures come back as an <see cref="ApplyResult"/>, not an exception.
/// </summary>
public sealed class ChangeApplier
{
    private readonly HostRoot _root;
    private readonly ICommandRunner _runner;
    private readonly IChangeJournal _journal;
    private readonly TimeProvider _time;
    private readonly string _backupDirectory;
    private readonly CommandPolicy _commandPolicy;
    private readonly IHostEventPublisher? _events;

    /// <param name="backupDirectory">A directory on this machine, outside the host root, where each set keeps its backups.</param>
    /// <param name="events">
    /// Told as the set goes: started, each file written, each line of command output, each command finished, then
    /// applied or failed. Null (the default): nobody is told. Refused plans publish nothing: no set was started.
    /// </param>
    public ChangeApplier(HostRoot root, ICommandRunner runner, IChangeJournal journal, TimeProvider time, string backupDirectory,
        CommandPolicy commandPolicy = CommandPolicy.SystemRootOnly, IHostEventPublisher? events = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        _root = root;
        _runner = runner;
        _journal = journal;
        _time = time;
        _backupDirectory = Path.GetFullPath(backupDirectory);
        _commandPolicy = commandPolicy;
        _events = events;
    }

    /// <summary>
    /// Called after each file is written and journaled, before the next. Tests throw from it to stand for a crash
    /// at that moment: the exception leaves the apply the way a killed process would, with the set still in progress.
    /// </summary>
    internal Func<ChangedFile, Task>? AfterFileWritten { get; init; }

    public async Task<ApplyResult> ApplyAsync(ChangePlan plan, string host, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(user);
        if (plan.IsEmpty) return new ApplyResult { Outcome = ApplyOutcome.NothingToDo };

        var changes = plan.Files.Where(f => !f.IsNoOp).ToList();
        var domains = plan.Domains.Where(d => !d.IsNoOp).ToList();
        var checks = Check(changes);
        var problems = checks.Problems.ToList();
        // A domain whose commands are skipped is not looked up either: a copy of a host does not even read the real libvirt.
        foreach (var domain in domains.Where(d => DomainWork.Sends(_commandPolicy, _root, d)))
            problems.AddRange(await DomainWork.CheckAsync(_runner, domain, cancellationToken).ConfigureAwait(false));
        if (problems.Count > 0) return Refused(problems);

        var id = Guid.NewGuid();
        IReadOnlyList<ChangedFile> files;
        try
        {
            files = BackUp(id, changes, checks.Targets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refused($"Nothing was changed: the backups could not be made in {_backupDirectory}: {ChangeWork.Describe(e)}", []);
        }
        var setDirectory = Path.Combine(_backupDirectory, id.ToString("N"));
        var invalid = await WriteDomainFilesAsync(domains, setDirectory, cancellationToken).ConfigureAwait(false);
        if (invalid.Count > 0) return Refused(invalid);

        CrashPoints.Reach(CrashPoints.BackedUp);
        var set = new ChangeSet
        {
            Id = id,
            Host = host,
            User = user,
            CreatedAt = _time.GetUtcNow(),
            Plan = plan,
            RootPath = _root.Path,
            Files = files,
            State = ChangeSetState.InProgress,
        };
        await _journal.BeginAsync(set, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.Journaled);
        var events = ChangeEvents.For(_events, _time, set, user);
        events.Started(plan, files);

        var written = new List<ChangedFile>();
        foreach (var file in files)
        {
            long bytes;
            try
            {
                bytes = Write(set, file, checks.Targets[file.Path]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                written.Add(file);
                var error = await UndoAsync(set, events, written, [], [], setDirectory, new ChangeError
                {
                    Message = $"{file.Path} could not be written: {ChangeWork.Describe(e)}.",
                    Path = file.Path,
                }).ConfigureAwait(false);
                return new ApplyResult { ChangeSetId = id, Outcome = ApplyOutcome.Failed, Error = error };
            }
            written.Add(file);
            CrashPoints.Reach(CrashPoints.FileWritten);
            await _journal.RecordFileWrittenAsync(id, file.Path, CancellationToken.None).ConfigureAwait(false);
            CrashPoints.Reach(CrashPoints.FileJournaled);
            events.FileWritten(file.Path, bytes);
            if (AfterFileWritten is not null) await AfterFileWritten(file).ConfigureAwait(false);
        }

        var domainsDone = new List<DomainProgress>();
        for (var i = 0; i < domains.Count; i++)
        {
            var failed = await ApplyDomainAsync(set, events, domains[i], i, setDirectory, domainsDone, cancellationToken).ConfigureAwait(false);
            if (failed is null) continue;
            var error = await UndoAsync(set, events, written, [], domainsDone, setDirectory, DomainWork.CommandError(domains[i], failed, undone: true),
                DomainWork.CommandError(domains[i], failed, undone: false)).ConfigureAwait(false);
            var all = (await _journal.GetAsync(id, CancellationToken.None).ConfigureAwait(false))?.Commands ?? [failed];
            return new ApplyResult { ChangeSetId = id, Outcome = ApplyOutcome.Failed, Error = error, Commands = all };
        }

        var runs = new List<CommandRun>();
        var run = ChangeWork.ShouldRun(_commandPolicy, _root);
        foreach (var step in plan.Commands)
        {
            CommandRun record;
            try
            {
                record = await ChangeWork.RunAsync(_runner, _journal, _time, id, step, ChangePhase.Apply, run, cancellationToken, events).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                var cancelled = await UndoAsync(set, events, written, runs, domainsDone, setDirectory, new ChangeError
                {
                    Message = $"The apply was cancelled while `{step.Command.Display}` ran; the files are back as they were.",
                    Command = step.Command.Display,
                }).ConfigureAwait(false);
                return new ApplyResult { ChangeSetId = id, Outcome = ApplyOutcome.Failed, Error = cancelled, Commands = runs };
            }
            runs.Add(record);
            if (record.Status is CommandStatus.Succeeded or CommandStatus.Skipped) continue;
            var error = await UndoAsync(set, events, written, runs[..^1], domainsDone, setDirectory, ChangeWork.CommandError(record, "Every file is back as it was.")).ConfigureAwait(false);
            var all = (await _journal.GetAsync(id, CancellationToken.None).ConfigureAwait(false))?.Commands ?? runs;
            return new ApplyResult { ChangeSetId = id, Outcome = ApplyOutcome.Failed, Error = error, Commands = all };
        }

        CrashPoints.Reach(CrashPoints.Completing);
        await _journal.CompleteAsync(id, ChangeSetState.Applied, null, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        // The libvirt commands (run or skipped) come first, as they ran.
        var journaled = (await _journal.GetAsync(id, CancellationToken.None).ConfigureAwait(false))?.Commands;
        var applied = new ApplyResult { ChangeSetId = id, Outcome = ApplyOutcome.Applied, Commands = journaled ?? runs };
        events.Applied(applied.CommandsSkipped);
        return applied;
    }

    private sealed record CheckResult(IReadOnlyList<string> Problems, IReadOnlyDictionary<string, Target> Targets);

    /// <summary>Where a planned file lands on this machine, and the directories a new file needs.</summary>
    private sealed record Target(string MachinePath, byte[]? Current, bool Bom, IReadOnlyList<string> MissingDirectories);

    private CheckResult Check(IReadOnlyList<FileChange> changes)
    {
        var problems = new List<string>();
        var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            string machinePath;
            try
            {
                machinePath = _root.Resolve(change.Path);
            }
            catch (IOException e)
            {
                problems.Add($"{change.Path}: {ChangeWork.Describe(e)}");
                continue;
            }
            if (!seen.TryAdd(machinePath, change.Path))
            {
                problems.Add($"{change.Path}: the plan writes this file twice (also as {seen[machinePath]}).");
                continue;
            }
            if (HostFiles.IsDirectory(machinePath))
            {
                problems.Add($"{change.Path} is a directory, not a file.");
                continue;
            }

            var ancestor = HostFiles.ExistingAncestor(machinePath);
            if (ancestor is null)
            {
                problems.Add($"{change.Path} cannot be written: a part of its directory path is a file, not a directory.");
                continue;
            }
            if (!HostFiles.CanWriteIn(ancestor.Value.Existing, out var errno))
            {
                problems.Add($"{change.Path} cannot be written: the directory {_root.ToHostPath(ancestor.Value.Existing)} is not writable (errno {errno}; a read-only file system?).");
                continue;
            }

            byte[]? current;
            try
            {
                current = HostFiles.TryRead(machinePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{change.Path} cannot be read: {ChangeWork.Describe(e)}");
                continue;
            }
            var bom = false;
            if (change.Before is null)
            {
                if (current is not null) problems.Add($"{change.Path} exists now, but the plan was made when it did not: make the plan again.");
            }
            else if (current is null)
            {
                problems.Add($"{change.Path} is gone: the file changed since the plan was made; make the plan again.");
            }
            else if (!FileContent.TryDecode(current, out var text, out bom))
            {
                problems.Add($"{change.Path} is not UTF-8 text; it is left alone. Edit it by hand.");
            }
            else if (!string.Equals(text, change.Before, StringComparison.Ordinal))
            {
                problems.Add($"{change.Path}: the file changed since the plan was made; make the plan again.");
            }
            targets[change.Path] = new Target(machinePath, current, bom, ancestor.Value.Missing);
        }
        return new CheckResult(problems, targets);
    }

    private List<ChangedFile> BackUp(Guid id, List<FileChange> changes, IReadOnlyDictionary<string, Target> targets)
    {
        var directory = Path.Combine(_backupDirectory, id.ToString("N"));
        HostFiles.CreateBackupDirectory(directory);
        var files = new List<ChangedFile>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var target = targets[change.Path];
            if (target.Current is null)
            {
                files.Add(new ChangedFile
                {
                    Path = change.Path,
                    Existed = false,
                    Mode = change.Mode ?? HostFiles.DefaultMode,
                    CreatedDirectories = [.. target.MissingDirectories.Select(_root.ToHostPath)],
                });
                continue;
            }
            var backup = Path.Combine(directory, $"{i:D2}-{Path.GetFileName(target.MachinePath)}");
            HostFiles.Backup(target.MachinePath, backup);
            var owner = HostFiles.OwnerOf(target.MachinePath) ?? throw new IOException($"The owner of {change.Path} could not be read.");
            files.Add(new ChangedFile
            {
                Path = change.Path,
                Existed = true,
                BackupPath = backup,
                Mode = HostFiles.ModeOf(target.MachinePath),
                OwnerId = owner.Uid,
                GroupId = owner.Gid,
                Utf8Bom = target.Bom,
            });
        }
        HostFiles.SyncDirectory(directory);
        HostFiles.SyncDirectory(_backupDirectory);
        return files;
    }

    /// <summary>Writes the file and returns how many bytes it now holds.</summary>
    private static long Write(ChangeSet set, ChangedFile file, Target target)
    {
        HostFiles.CreateDirectories(target.MissingDirectories);
        var content = FileContent.Encode(set.ChangeOf(file).After, file.Utf8Bom);
        var owner = file.OwnerId is { } uid && file.GroupId is { } gid ? (uid, gid) : ((uint, uint)?)null;
        HostFiles.ReplaceAtomically(target.MachinePath, content, file.Mode, owner, set.Id);
        return content.Length;
    }

    /// <summary>
    /// Puts back every file touched so far, runs again the commands that had succeeded (so what they generated
    /// matches the restored files), and records the set as failed. Runs to the end even if the caller gave up.
    /// <paramref name="causeIfIncomplete"/>, when given, replaces <paramref name="cause"/> when something could not be
    /// put back, so the error never says "back as it was" of what is not.
    /// </summary>
    private async Task<ChangeError> UndoAsync(ChangeSet set, ChangeEvents events, IReadOnlyList<ChangedFile> touched, IReadOnlyList<CommandRun> succeeded,
        IReadOnlyList<DomainProgress> domainsDone, string setDirectory, ChangeError cause, ChangeError? causeIfIncomplete = null)
    {
        var problems = new List<string>();
        foreach (var done in domainsDone.Reverse())
        {
            if (done.Defined)
            {
                var restore = done.Domain.Before is null
                    ? DomainWork.Undefine(done.Domain)
                    : DomainWork.Define(done.Domain, DomainWork.XmlFile(setDirectory, done.Index, "before"), $"Put back the definition of {done.Domain.Name} as it was before.");
                var again = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, restore, ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
                if (again.Status != CommandStatus.Succeeded)
                    problems.Add(ChangeWork.CommandError(again, DomainWork.LostDaemon(again) || again.Status == CommandStatus.TimedOut
                        ? "Run it by hand once libvirtd answers again (the file is kept with the change set's backups)." : "Run it by hand.").Message);
            }
            if (done.VolumeCreated && done.Domain.NewVolume is { } volume)
            {
                var delete = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.DeleteVolume(done.Domain, volume), ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
                if (delete.Status != CommandStatus.Succeeded) problems.Add(ChangeWork.CommandError(delete, "Run it by hand.").Message);
            }
        }
        foreach (var file in touched.Reverse())
        {
            try
            {
                ChangeWork.RestoreIfChanged(_root, set, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.Path} could not be restored ({ChangeWork.Describe(e)}); its backup is {file.BackupPath ?? "(none: the set created it)"}.");
            }
        }
        foreach (var run in succeeded.Where(r => r.Status == CommandStatus.Succeeded))
        {
            var again = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, run.Step, ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
            if (again.Status != CommandStatus.Succeeded) problems.Add(ChangeWork.CommandError(again, "Run it by hand.").Message);
        }
        var basis = problems.Count == 0 ? cause : causeIfIncomplete ?? cause;
        var error = problems.Count == 0 ? cause : basis with
        {
            Message = basis.Message + " Undoing it was not complete: " + string.Join(" ", problems),
            Details = [.. basis.Details, .. problems],
        };
        await _journal.CompleteAsync(set.Id, ChangeSetState.Failed, error, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        events.Failed(error.Message);
        return error;
    }

    /// <summary>How far one domain of the set got, so a failure undoes exactly that.</summary>
    private sealed record DomainProgress(DomainChange Domain, int Index, bool VolumeCreated, bool Defined);

    /// <summary>
    /// Writes each domain's new XML (and the previous one, for undoing) into the set's backup directory, where virsh
    /// reads it, and validates the new XML. Returns the problems; on a problem the files are removed again.
    /// </summary>
    private async Task<IReadOnlyList<string>> WriteDomainFilesAsync(List<DomainChange> domains, string setDirectory, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var written = new List<string>();
        for (var i = 0; i < domains.Count; i++)
        {
            var after = DomainWork.XmlFile(setDirectory, i, "after");
            HostFiles.WritePrivate(after, domains[i].After);
            written.Add(after);
            if (domains[i].Before is { } before)
            {
                var previous = DomainWork.XmlFile(setDirectory, i, "before");
                HostFiles.WritePrivate(previous, before);
                written.Add(previous);
            }
            if (await DomainWork.ValidateAsync(_runner, domains[i], after, cancellationToken).ConfigureAwait(false) is { } invalid) problems.Add(invalid);
        }
        if (problems.Count > 0)
        {
            foreach (var file in written) HostFiles.TryDelete(file);
            HostFiles.RemoveEmptyDirectories([setDirectory]);
        }
        return problems;
    }

    /// <summary>
    /// Creates the domain's disk, defines its new XML and reads back what libvirt holds; returns the run that failed, or
    /// null. When the domain's commands are not sent (<see cref="DomainWork.Sends"/>), the disk and the define are
    /// recorded as skipped and libvirt is not asked anything.
    /// </summary>
    private async Task<CommandRun?> ApplyDomainAsync(ChangeSet set, ChangeEvents events, DomainChange domain, int index, string setDirectory, List<DomainProgress> done, CancellationToken cancellationToken)
    {
        if (!DomainWork.Sends(_commandPolicy, _root, domain))
        {
            if (domain.NewVolume is { } skippedVolume)
                await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.CreateVolume(domain, skippedVolume), ChangePhase.Apply, run: false, cancellationToken, events).ConfigureAwait(false);
            await ChangeWork.RunAsync(_runner, _journal, _time, set.Id,
                DomainWork.Define(domain, DomainWork.XmlFile(setDirectory, index, "after"), domain.Reason), ChangePhase.Apply, run: false, cancellationToken, events).ConfigureAwait(false);
            return null;
        }
        var progress = new DomainProgress(domain, index, VolumeCreated: false, Defined: false);
        done.Add(progress);
        if (domain.NewVolume is { } volume)
        {
            var create = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.CreateVolume(domain, volume), ChangePhase.Apply, run: true, cancellationToken, events).ConfigureAwait(false);
            if (create.Status != CommandStatus.Succeeded) return create;
            done[^1] = progress = progress with { VolumeCreated = true };
        }
        CrashPoints.Reach(CrashPoints.DomainDefining);
        var define = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id,
            DomainWork.Define(domain, DomainWork.XmlFile(setDirectory, index, "after"), domain.Reason), ChangePhase.Apply, run: true, cancellationToken, events).ConfigureAwait(false);
        // A define that timed out may still have been taken by libvirt: undoing it then puts the old definition back too.
        if (define.Status == CommandStatus.TimedOut) done[^1] = progress with { Defined = true };
        if (define.Status != CommandStatus.Succeeded) return define;
        CrashPoints.Reach(CrashPoints.DomainDefined);
        done[^1] = progress with { Defined = true };
        var dump = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.Dump(domain), ChangePhase.Apply, run: true, cancellationToken, events).ConfigureAwait(false);
        return dump.Status == CommandStatus.Succeeded ? null : dump;
    }

    private static ApplyResult Refused(IReadOnlyList<string> problems) =>
        Refused(problems.Count == 1 ? $"Nothing was changed: {problems[0]}" : $"Nothing was changed: {problems.Count} problems were found.", problems);

    private static ApplyResult Refused(string message, IReadOnlyList<string> details) =>
        new() { Outcome = ApplyOutcome.Refused, Error = new ChangeError { Message = message, Details = details } };
}
