namespace PassthroughWeb.Core.BootLoaders;

/// <summary>What a piece of a shell word is.</summary>
internal enum ShellPieceKind
{
    /// <summary>One character of the value (an escaped character counts as one, its backslash included in the span).</summary>
    Literal,

    /// <summary><c>$NAME</c> or <c>${NAME}</c>: replaced by the variable's value.</summary>
    Variable,

    /// <summary>Something only running the shell can tell: <c>$(…)</c>, backquotes, <c>${x:-y}</c>, <c>$1</c>.</summary>
    Opaque,
}

/// <summary>A piece of a shell word with the span of raw text it came from.</summary>
internal readonly record struct ShellWordPiece(ShellPieceKind Kind, char Char, string? Name, int RawStart, int RawEnd, ShellQuote Quote);
