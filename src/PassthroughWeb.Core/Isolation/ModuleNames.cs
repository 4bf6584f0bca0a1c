using System.Text;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Module names the way kmod compares them: <c>-</c> and <c>_</c> are the same character (kmod rewrites
/// <c>-</c> to <c>_</c>, except inside a <c>[…]</c> bracket of a pattern), and a softdep's module name is a
/// shell pattern matched with fnmatch.
/// </summary>
public static class ModuleNames
{
    /// <summary><c>vfio-pci</c> → <c>vfio_pci</c>; dashes inside <c>[…]</c> (character ranges of a pattern) are kept.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        var inBracket = false;
        foreach (var c in name)
        {
            if (c == '[') inBracket = true;
            else if (c == ']') inBracket = false;
            builder.Append(c == '-' && !inBracket ? '_' : c);
        }
        return builder.ToString();
    }

    public static bool SameModule(string left, string right) =>
        string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    /// <summary>Whether a name holds pattern characters (<c>*</c>, <c>?</c>, <c>[</c>).</summary>
    public static bool IsPattern(string name) => name.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    /// <summary>fnmatch(3) without flags: <c>*</c>, <c>?</c> and <c>[…]</c> (with <c>!</c> or <c>^</c> negation and ranges).</summary>
    public static bool Matches(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        return Match(pattern, 0, text, 0);
    }

    private static bool Match(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                while (p < pattern.Length && pattern[p] == '*') p++;
                if (p == pattern.Length) return true;
                for (var start = t; start <= text.Length; start++)
                {
                    if (Match(pattern, p, text, start)) return true;
                }
                return false;
            }
            if (t >= text.Length) return false;
            if (c == '?')
            {
                p++;
                t++;
                continue;
            }
            if (c == '[' && TryMatchBracket(pattern, p, text[t], out var next, out var matched))
            {
                if (!matched) return false;
                p = next;
                t++;
                continue;
            }
            if (c == '\\' && p + 1 < pattern.Length) c = pattern[++p];
            if (c != text[t]) return false;
            p++;
            t++;
        }
        return t == text.Length;
    }

    private static bool TryMatchBracket(string pattern, int open, char c, out int next, out bool matched)
    {
        var i = open + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate) i++;
        var found = false;
        var first = true;
        while (i < pattern.Length && (first || pattern[i] != ']'))
        {
            first = false;
            var low = pattern[i];
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                if (c >= low && c <= pattern[i + 2]) found = true;
                i += 3;
            }
            else
            {
                if (c == low) found = true;
                i++;
            }
        }
        if (i >= pattern.Length)
        {
            // No closing bracket: fnmatch takes '[' literally.
            next = open;
            matched = false;
            return false;
        }
        next = i + 1;
        matched = found != negate;
        return true;
    }
}
