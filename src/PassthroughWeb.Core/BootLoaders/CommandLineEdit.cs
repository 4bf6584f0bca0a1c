using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// What an editor would write: whole files before and after (unchanged files are left out), what it found and did,
/// or — when the files cannot be edited safely — the problem, for a manual instruction instead.
/// </summary>
public sealed record CommandLineEdit
{
    public required IReadOnlyList<FileChange> Files { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why the editor refused to edit (the user must add the parameters by hand), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>Where the parameters went (or would go): "GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, line 6".</summary>
    public string? Target { get; init; }

    /// <summary>The command line as the files say it, before the edit (null when it could not be read).</summary>
    public string? CommandLineBefore { get; init; }

    public bool Changes => Files.Any(f => !f.IsNoOp);

    public static CommandLineEdit Refused(string problem, IReadOnlyList<string>? notes = null) =>
        new() { Files = [], Problem = problem, Notes = notes ?? [] };
}
