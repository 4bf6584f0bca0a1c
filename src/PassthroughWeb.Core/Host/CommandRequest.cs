using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Host;

/// <summary>A program and its arguments, one item each: never a shell string.</summary>
public sealed record CommandRequest(string Program, IReadOnlyList<string> Arguments)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Called with each line of output as the program writes it (one call at a time, stdout and stderr interleaved as
    /// they come); the result still holds the whole output. Null (the default): nobody is watching. Never stored.
    /// </summary>
    [JsonIgnore]
    public Action<CommandOutputLine>? OnOutput { get; init; }

    /// <summary>The command as a user would type it, quoted only for display.</summary>
    public string Display => string.Join(' ', new[] { Program }.Concat(Arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
