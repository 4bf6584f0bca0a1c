using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Run at start-up: every change set the journal holds as begun but never completed was cut short by a crash, a
/// power loss or a kill. Each of its files that holds what the set wrote is put back from its backup (a file still
/// as it was is left alone; one that holds anything else is reported, never overwritten), the commands run again
/// when a file was put back, and the set is closed: an interrupted apply as Interrupted, an interrupted rollback
/// as RolledBack.
/// </summary>
public sealed class InterruptedChangeRecovery
{
    private readonly ICommandRunner _runner;
    private readonly IChangeJournal _journal;
    private readonly TimeProvider _time;
    private readonly CommandPolicy _commandPolicy;
    private readonly IHostEventPublisher? _events;

    /// <param name="events">
    /// Told of each recovered set: its commands as they run, then failed (an interrupted apply) or rolled back (an
    /// interrupted rollback). Null (the default): nobody is told.
    /// </param>
    public InterruptedChangeRecovery(ICommandRunner runner, IChangeJournal journal, TimeProvider time,
        CommandPolicy commandPolicy = CommandPolicy.SystemRootOnly, IHostEventPublisher? events = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        _runner = runner;
        _journal = journal;
        _time = time;
        _commandPolicy = commandPolicy;
        _events = events;
    }

    public async Task<IReadOnlyList<RecoveryResult>> RecoverAsync(CancellationToken cancellationToken)
    {
        var results = new List<RecoveryResult>();
        foreach (var set in await _journal.FindIncompleteAsync(cancellationToken).ConfigureAwait(false))
            results.Add(await RecoverAsync(set).ConfigureAwait(false));
        return results;
    }

    /// <summary>
    /// Recovers one incomplete set. The caller makes sure nobody is still working on it: in the app, that nobody holds
    /// its host's change lock (a set whose process is alive holds it; the kernel let go of a dead one's).
    /// </summary>
    public async Task<RecoveryResult> RecoverAsync(ChangeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var outcome = set.State == ChangeSetState.RollingBack ? ChangeSetState.RolledBack : ChangeSetState.Interrupted;
        var what = set.State == ChangeSetState.RollingBack ? "rollback" : "apply";
        var events = ChangeEvents.For(_events, _time, set, set.User);
        HostRoot root;
        try
        {
            root = new HostRoot(set.RootPath);
        }
        catch (DirectoryNotFoundException)
        {
            var gone = new ChangeError { Message = $"The {what} was interrupted, and its host root {set.RootPath} no longer exists: nothing could be put back." };
            await _journal.CompleteAsync(set.Id, ChangeSetState.Interrupted, gone, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            events.Failed(gone.Message);
            return new RecoveryResult { ChangeSetId = set.Id, State = ChangeSetState.Interrupted, RestoredFiles = [], Error = gone };
        }

        var restored = new List<string>();
        var problems = new List<string>();
        foreach (var file in set.Files.Reverse())
        {
            try
            {
                switch (ChangeWork.StateOf(root, set, file))
                {
                    case ChangeWork.FileState.Original:
                        // Not written yet (or already put back): only a temporary file the crash left may remain.
                        HostFiles.TryDelete(HostFiles.TemporaryPathFor(root.Resolve(file.Path), set.Id));
                        if (!file.Existed) HostFiles.RemoveEmptyDirectories([.. file.CreatedDirectories.Select(root.Resolve)]);
                        break;
                    case ChangeWork.FileState.Written:
                        ChangeWork.Restore(root, set, file);
                        restored.Add(file.Path);
                        break;
                    default:
                        problems.Add($"{file.Path} holds neither its content before the change set nor what the set wrote; it was left as it is (backup: {file.BackupPath ?? "none, the set created it"}).");
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.Path} could not be put back ({ChangeWork.Describe(e)}); backup: {file.BackupPath ?? "none"}.");
            }
        }

        // Whether the domain had been defined before the crash is unknown: libvirt is asked, and the definition put back
        // when it differs from the one the set was planned against (a created domain is removed).
        var domains = set.Plan.Domains.Where(d => !d.IsNoOp).ToList();
        var domainRuns = new List<CommandRun>();
        for (var i = domains.Count - 1; i >= 0; i--)
        {
            // Under the same rule the apply followed: a copy of a host never sent this domain to the default libvirt.
            if (!DomainWork.Sends(_commandPolicy, root, domains[i])) continue;
            await RecoverDomainAsync(set, events, domains[i], i, restored, problems, domainRuns).ConfigureAwait(false);
        }

        // Whether a command had already run before the crash is unknown; running the regeneration again on the
        // restored files makes what it generates match them in either case.
        var runs = new List<CommandRun>(domainRuns);
        if (restored.Any(r => set.Files.Any(f => f.Path == r)))
        {
            var run = ChangeWork.ShouldRun(_commandPolicy, root);
            var phase = set.State == ChangeSetState.RollingBack ? ChangePhase.Rollback : ChangePhase.Undo;
            foreach (var step in set.Plan.Commands)
            {
                var record = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, step, phase, run, CancellationToken.None, events).ConfigureAwait(false);
                runs.Add(record);
                if (record.Status is not (CommandStatus.Succeeded or CommandStatus.Skipped))
                {
                    problems.Add(ChangeWork.CommandError(record, "Run it by hand.").Message);
                    break;
                }
            }
        }

        var message = $"The {what} was interrupted (the program stopped before it finished); at the next start " +
            (restored.Count == 0 ? "no file needed putting back." : $"{string.Join(", ", restored)} {(restored.Count == 1 ? "was" : "were")} put back as before the change set.");
        var error = new ChangeError { Message = problems.Count == 0 ? message : message + " " + string.Join(" ", problems), Details = problems };
        await _journal.CompleteAsync(set.Id, outcome, error, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        if (outcome == ChangeSetState.RolledBack) events.RolledBack(problems.Count == 0 ? null : error);
        else events.Failed(error.Message);
        return new RecoveryResult { ChangeSetId = set.Id, State = outcome, RestoredFiles = restored, Commands = runs, Error = problems.Count == 0 ? null : error };
    }

    private async Task RecoverDomainAsync(ChangeSet set, ChangeEvents events, DomainChange domain, int index, List<string> restored, List<string> problems, List<CommandRun> runs)
    {
        var dump = await _runner.RunAsync(DomainWork.Dump(domain).Command, CancellationToken.None).ConfigureAwait(false);
        if (DomainWork.Unreachable(domain, dump) is { } unreachable)
        {
            problems.Add($"The domain {domain.Name} could not be checked: {unreachable} Check it by hand; its previous definition is in the change set's plan.");
            return;
        }
        CommandRun? run = null;
        if (domain.Before is { } before)
        {
            if (!dump.Succeeded || string.Equals(dump.StandardOutput, before, StringComparison.Ordinal)) return;
            var file = Path.Combine(Path.GetTempPath(), $"passthroughweb-{set.Id:N}-domain-{index:D2}-before.xml");
            HostFiles.WritePrivate(file, before);
            try
            {
                run = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id,
                    DomainWork.Define(domain, file, $"Put back the definition of {domain.Name} as it was before the change set."), ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
            }
            finally
            {
                HostFiles.TryDelete(file);
            }
        }
        else if (dump.Succeeded)
        {
            run = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.Undefine(domain), ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
        }
        if (run is not null)
        {
            runs.Add(run);
            if (run.Status == CommandStatus.Succeeded) restored.Add(UnifiedDiff.DomainLabel(domain));
            else problems.Add(ChangeWork.CommandError(run, "Run it by hand.").Message);
        }
        if (domain.Before is null && domain.NewVolume is { } volume)
        {
            var info = await _runner.RunAsync(DomainWork.Virsh(domain, "vol-info", "--pool", volume.Pool, "--vol", volume.Name), CancellationToken.None).ConfigureAwait(false);
            if (!info.Succeeded) return;
            var delete = await ChangeWork.RunAsync(_runner, _journal, _time, set.Id, DomainWork.DeleteVolume(domain, volume), ChangePhase.Undo, run: true, CancellationToken.None, events).ConfigureAwait(false);
            runs.Add(delete);
            if (delete.Status != CommandStatus.Succeeded) problems.Add(ChangeWork.CommandError(delete, "Delete it by hand.").Message);
        }
    }
}
