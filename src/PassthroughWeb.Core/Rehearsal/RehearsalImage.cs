namespace PassthroughWeb.Core.Rehearsal;

/// <summary>A rehearsal image that was built (or why not), with what the builder printed.</summary>
public sealed record RehearsalImage
{
    public required bool Built { get; init; }

    /// <summary>The image on this machine, in the rehearsal's temporary directory; null when not built.</summary>
    public string? Path { get; init; }

    /// <summary>Why it was not built, in words.</summary>
    public string? Problem { get; init; }

    /// <summary>The builder's output (stdout and stderr).</summary>
    public string Log { get; init; } = "";

    /// <summary>The program is not installed here (the message says which): nothing could be built.</summary>
    public bool ProgramMissing { get; init; }

    public static RehearsalImage Failed(string problem, string log = "", bool programMissing = false) =>
        new() { Built = false, Problem = problem, Log = log, ProgramMissing = programMissing };
}
