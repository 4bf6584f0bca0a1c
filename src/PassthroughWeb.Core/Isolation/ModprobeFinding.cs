namespace PassthroughWeb.Core.Isolation;

/// <summary>One thing wrong in the modprobe.d files: where, what in plain words, and what to write instead.</summary>
public sealed record ModprobeFinding
{
    public required ModprobeFindingKind Kind { get; init; }
    public required ModprobeFindingSeverity Severity { get; init; }

    /// <summary>The host path of the file.</summary>
    public required string File { get; init; }

    /// <summary>The physical line (1-based), or null for a finding about the whole file.</summary>
    public int? Line { get; init; }

    public required string Message { get; init; }
    public required string Fix { get; init; }

    public override string ToString() => $"{File}{(Line is { } n ? ":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}: {Message} Fix: {Fix}";
}
