using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>Small pieces the line-based editors share.</summary>
internal static class EditSupport
{
    public static FileChange Change(ConfigFile file, string after, string reason) => new()
    {
        Path = file.Path,
        Before = file.Text,
        After = after,
        Mode = file.Text is null ? (UnixFileMode)0b110_100_100 : null,
        Reason = reason,
    };

    /// <summary>Inserts a whole line after the line that starts at <paramref name="lineEndIndex"/>'s line, keeping the file's final newline (or its absence).</summary>
    public static (int At, string Text) LineAfter(string text, TextLine line, string newLine)
    {
        var next = line.NextLineStart(text);
        if (next == text.Length && (text.Length == 0 || text[^1] != '\n'))
            return (text.Length, (text.Length == 0 ? "" : "\n") + newLine);
        return (next, newLine + "\n");
    }

    /// <summary>root= of a command line, without quotes, or null.</summary>
    public static string? RootOf(IEnumerable<string> tokens)
    {
        string? root = null;
        foreach (var t in tokens)
        {
            if (t.StartsWith("root=", StringComparison.Ordinal)) root = t[5..].Trim('"');
        }
        return root;
    }

    /// <summary>An entry whose root= names another file system than the one booted boots another system: leave it.</summary>
    public static bool BootsAnotherSystem(IEnumerable<string> tokens, string? bootedRoot)
    {
        if (bootedRoot is null) return false;
        var root = RootOf(tokens);
        return root is not null && root != bootedRoot;
    }
}
