namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// <c>NAME=word</c> (or <c>export NAME=word</c>, <c>NAME+=word</c>) found in a shell file, with the word's pieces and
/// where it is, so an edit can splice text into the word without touching anything around it.
/// </summary>
internal sealed record ShellAssignment
{
    public required string Name { get; init; }
    public required bool Appends { get; init; }
    public required int File { get; init; }

    /// <summary>Raw span of the word after <c>=</c> (quotes included).</summary>
    public required int WordStart { get; init; }

    public required int WordEnd { get; init; }
    public required IReadOnlyList<ShellWordPiece> Pieces { get; init; }

    /// <summary>Inside if/while/case, after &amp;&amp; or ||, or in a pipeline or subshell: it may not run.</summary>
    public required bool Conditional { get; init; }

    /// <summary>Inside a function body: it runs only when the function is called.</summary>
    public required bool InFunction { get; init; }

    /// <summary>1-based line of the assignment.</summary>
    public required int Line { get; init; }
}
