using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Core.Changes;

/// <summary>What apply, rollback and recovery share: knowing what a file holds now, putting it back, and running commands.</summary>
internal static class ChangeWork
{
    public enum FileState
    {
        /// <summary>What it was before the set (or absent, for a file the set creates).</summary>
        Original,

        /// <summary>What the set wrote.</summary>
        Written,

        /// <summary>Neither: someone edited it, or it was removed.</summary>
        Other,
    }

    public static FileState StateOf(HostRoot root, ChangeSet set, ChangedFile file)
    {
        var current = HostFiles.TryRead(root.Resolve(file.Path));
        var written = FileContent.Encode(set.ChangeOf(file).After, file.Utf8Bom);
        if (current is not null && current.AsSpan().SequenceEqual(written)) return FileState.Written;
        if (!file.Existed) return current is null ? FileState.Original : FileState.Other;
        var backup = file.BackupPath is null ? null : HostFiles.TryRead(file.BackupPath);
        return current is not null && backup is not null && current.AsSpan().SequenceEqual(backup) ? FileState.Original : FileState.Other;
    }

    /// <summary>Puts a file back from its backup byte for byte with its mode and owner, or removes a file the set created.</summary>
    public static void Restore(HostRoot root, ChangeSet set, ChangedFile file)
    {
        var path = root.Resolve(file.Path);
        if (file.Existed)
        {
            if (file.BackupPath is null) throw new IOException($"No backup of {file.Path} was recorded.");
            var backup = HostFiles.TryRead(file.BackupPath) ?? throw new IOException($"The backup of {file.Path} ({file.BackupPath}) is missing.");
            HostFiles.ReplaceAtomically(path, backup, file.Mode, file.OwnerId is { } uid && file.GroupId is { } gid ? (uid, gid) : null, set.Id);
        }
        else
        {
            HostFiles.Delete(path);
            HostFiles.RemoveEmptyDirectories([.. file.CreatedDirectories.Select(root.Resolve)]);
        }
        HostFiles.TryDelete(HostFiles.TemporaryPathFor(path, set.Id));
    }

    /// <summary>
    /// Puts a file back only when it no longer holds what it held before the set: one whose write failed is left alone
    /// (on a full file system, writing it again would fail too), with any temporary file of the set removed.
    /// </summary>
    public static void RestoreIfChanged(HostRoot root, ChangeSet set, ChangedFile file)
    {
        if (StateOf(root, set, file) != FileState.Original)
        {
            Restore(root, set, file);
            return;
        }
        HostFiles.TryDelete(HostFiles.TemporaryPathFor(root.Resolve(file.Path), set.Id));
        if (!file.Existed) HostFiles.RemoveEmptyDirectories([.. file.CreatedDirectories.Select(root.Resolve)]);
    }

    public static bool ShouldRun(CommandPolicy policy, HostRoot root) =>
        policy == CommandPolicy.Always || (policy == CommandPolicy.SystemRootOnly && root.IsSystemRoot);

    /// <summary>Runs (or records as skipped) one command and journals it.</summary>
    /// <param name="events">Told each line of output and the end of the command; null when nobody listens.</param>
    public static async Task<CommandRun> RunAsync(ICommandRunner runner, IChangeJournal journal, TimeProvider time, Guid setId,
        CommandStep step, ChangePhase phase, bool run, CancellationToken cancellationToken, ChangeEvents? events = null)
    {
        CrashPoints.Reach(CrashPoints.CommandStarting);
        var started = time.GetUtcNow();
        CommandRun record;
        if (!run)
        {
            record = new CommandRun { Step = step, Phase = phase, Status = CommandStatus.Skipped, StartedAt = started, FinishedAt = started };
        }
        else
        {
            // The journal keeps the step as planned; only the request that runs is watched.
            var result = await runner.RunAsync(events?.Watched(step.Command) ?? step.Command, cancellationToken).ConfigureAwait(false);
            record = new CommandRun { Step = step, Phase = phase, Status = CommandRun.StatusOf(result), Result = result, StartedAt = started, FinishedAt = time.GetUtcNow() };
        }
        CrashPoints.Reach(CrashPoints.CommandEnded);
        await journal.RecordCommandAsync(setId, record, CancellationToken.None).ConfigureAwait(false);
        events?.CommandFinished(record);
        return record;
    }

    /// <summary>The error for a command that did not succeed, quoting what it said.</summary>
    public static ChangeError CommandError(CommandRun run, string consequence)
    {
        var display = run.Step.Command.Display;
        var result = run.Result!;
        var what = run.Status switch
        {
            CommandStatus.NotStarted => $"`{display}` could not be started: {result.StandardError.Trim()}",
            CommandStatus.TimedOut => $"`{display}` did not finish within {run.Step.Command.Timeout.TotalSeconds:0} s and was stopped",
            _ => $"`{display}` failed with exit code {result.ExitCode}" + (Excerpt(result.StandardError) is { Length: > 0 } e ? $": {e}" : ""),
        };
        return new ChangeError
        {
            Message = $"{what}. {consequence}",
            Command = display,
            ExitCode = run.Status == CommandStatus.NotStarted ? null : result.ExitCode,
            StandardOutput = result.StandardOutput,
            StandardError = result.StandardError,
        };
    }

    public static string Describe(Exception e) => e switch
    {
        HostPathEscapesRootException escape => escape.Message,
        UnauthorizedAccessException => $"permission denied ({e.Message})",
        _ => e.Message,
    };

    private static string Excerpt(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" / ", lines.TakeLast(3));
    }
}
