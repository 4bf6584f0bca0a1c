using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// What apply, rollback and recovery tell the live feed about one change set, each event carrying the host, the user
/// and the set's id. A null publisher makes every call a no-op, so the operations need no checks of their own.
/// </summary>
internal sealed class ChangeEvents(IHostEventPublisher? publisher, TimeProvider time, string host, string? user, Guid changeSetId)
{
    public static ChangeEvents For(IHostEventPublisher? publisher, TimeProvider time, ChangeSet set, string? user) =>
        new(publisher, time, set.Host, user, set.Id);

    public void Started(ChangePlan plan, IReadOnlyList<ChangedFile> files) =>
        Publish(new ChangeSetStarted { Host = host, Steps = plan.Steps, Summary = plan.Summary, Files = [.. files.Select(f => f.Path)] });

    public void FileWritten(string path, long bytes) => Publish(new FileWritten { Host = host, Path = path, Bytes = bytes });

    /// <summary>The command to run: the step's own, watched line by line when someone listens.</summary>
    public CommandRequest Watched(CommandRequest command)
    {
        if (publisher is null) return command;
        var display = command.Display;
        var inner = command.OnOutput;
        return command with
        {
            OnOutput = line =>
            {
                inner?.Invoke(line);
                Publish(new CommandOutput { Host = host, Command = display, Stream = line.Stream, Line = line.Text });
            },
        };
    }

    public void CommandFinished(CommandRun run) => Publish(new CommandFinished
    {
        Host = host,
        Command = run.Step.Command.Display,
        ExitCode = run.Status is CommandStatus.Skipped or CommandStatus.NotStarted ? null : run.Result?.ExitCode,
        Status = run.Status switch
        {
            CommandStatus.Succeeded => "succeeded",
            CommandStatus.Failed => "failed",
            CommandStatus.TimedOut => "timed-out",
            CommandStatus.NotStarted => "not-started",
            _ => "skipped",
        },
        Phase = run.Phase.ToString().ToLowerInvariant(),
    });

    public void Applied(bool commandsSkipped) => Publish(new ChangeSetApplied { Host = host, CommandsSkipped = commandsSkipped });

    public void Failed(string message) => Publish(new ChangeSetFailed { Host = host, Message = message });

    public void RolledBack(ChangeError? error) => Publish(new ChangeSetRolledBack
    {
        Host = host,
        Outcome = error is null ? "rolled-back" : "failed",
        Message = error?.Message,
    });

    private void Publish(HostEvent hostEvent) =>
        publisher?.Publish(hostEvent with { At = time.GetUtcNow(), User = user, ChangeSetId = changeSetId });
}
