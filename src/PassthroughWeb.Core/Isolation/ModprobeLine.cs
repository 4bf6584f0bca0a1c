namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// One command of a modprobe.d file after kmod's reading: continuation lines joined, the module name
/// normalised (<c>vfio-pci</c> → <c>vfio_pci</c>) on every command, softdep's own module lists kept as written.
/// </summary>
public sealed record ModprobeLine
{
    /// <summary>The host path of the file (<c>/etc/modprobe.d/vfio.conf</c>).</summary>
    public required string File { get; init; }

    /// <summary>The first physical line (1-based) the command is on.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The last physical line: greater than <see cref="LineNumber"/> when the command continues with a backslash.</summary>
    public required int LastLineNumber { get; init; }

    /// <summary>The command as kmod reads it: physical lines joined at their trailing backslash.</summary>
    public required string Text { get; init; }

    public required ModprobeDirective Directive { get; init; }

    /// <summary>The command word as written (<c>options</c>, or an unknown word).</summary>
    public required string Command { get; init; }

    /// <summary>The module (or, for <c>alias</c>, the alias) normalised as kmod does; null when the line names none.</summary>
    public string? Module { get; init; }

    /// <summary>The module name as written in the file.</summary>
    public string? WrittenModule { get; init; }

    /// <summary><c>options</c>: the parameters, split at whitespace as the kernel splits them (a trailing <c>#text</c> is a parameter too).</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary><c>install</c>/<c>remove</c>: the shell command; <c>alias</c>: the module the alias names (normalised).</summary>
    public string? Target { get; init; }

    /// <summary><c>softdep</c>: modules loaded before, as written (kmod does not normalise them).</summary>
    public IReadOnlyList<string> Pre { get; init; } = [];

    /// <summary><c>softdep</c>: modules loaded after, as written.</summary>
    public IReadOnlyList<string> Post { get; init; } = [];

    /// <summary><c>softdep</c>: words before any <c>pre:</c>/<c>post:</c> keyword (like <c>pre:vfio-pci</c> without its space), which kmod drops.</summary>
    public IReadOnlyList<string> DroppedWords { get; init; } = [];

    /// <summary>Why kmod rejects the line, when it does (a command without its module or arguments).</summary>
    public string? SyntaxError { get; init; }
}
