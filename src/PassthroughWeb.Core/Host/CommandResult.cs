namespace PassthroughWeb.Core.Host;

/// <summary>What a program did: its exit code and output. A program that could not start has <see cref="Started"/> false.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Started { get; init; } = true;
    public bool TimedOut { get; init; }
    public bool Succeeded => Started && !TimedOut && ExitCode == 0;

    public static CommandResult NotStarted(string reason) => new(-1, "", reason) { Started = false };
}
