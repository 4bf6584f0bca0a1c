using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>One command of a change set as it ran (or was skipped), with its output, for the history.</summary>
public sealed record CommandRun
{
    public required CommandStep Step { get; init; }
    public required ChangePhase Phase { get; init; }
    public required CommandStatus Status { get; init; }

    /// <summary>Exit code and output; null when the command was skipped.</summary>
    public CommandResult? Result { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }

    internal static CommandStatus StatusOf(CommandResult result) =>
        !result.Started ? CommandStatus.NotStarted
        : result.TimedOut ? CommandStatus.TimedOut
        : result.ExitCode == 0 ? CommandStatus.Succeeded
        : CommandStatus.Failed;
}
