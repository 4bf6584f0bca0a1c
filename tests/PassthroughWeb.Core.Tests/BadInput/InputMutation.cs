using System.Text;
using CsCheck;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// Bad input made from good input: real files of the corpus (plus a few typical texts written here, so the tests run
/// without the corpus too), changed the ways files get damaged or hand-edited — bytes and lines inserted, deleted,
/// duplicated and swapped, truncation, random Unicode, NULs, very long lines, CRLF — and, beside them, text built from
/// nothing but the characters and words the format is made of.
/// </summary>
internal static class InputMutation
{
    /// <summary>Cases per parser in a normal run.</summary>
    public const int Cases = 10_000;

    /// <summary>
    /// Characters that mean something in at least one of the formats; random text drawn from them reaches the parsers'
    /// corners far more often than uniformly random characters do.
    /// </summary>
    private const string Syntax = " \t\n\r\"'\\$`#=;:,.()[]{}<>|&*?!~-_/+@%^0123456789abcdefxyzABCDEFXYZ";

    private static readonly string[] CommonTokens =
    [
        "\"", "'", "\\", "\\\n", "$", "${", "$(", "`", "#", "=", "+=", "(", ")", "[", "]", "{", "}", ";", "&&", "||", "|",
        "\n", "\r\n", "\r", "\t", " ", "\0", "\u00a0", "\ufeff", "\u2028", "\ud83d\ude00", "\ud800", "\udfff", "é", "\u0301",
        "<", ">", "&", "&amp;", "<!--", "]]>", "<![CDATA[", "\"\"", "''", "=\"\"", "0x", "-1", "99999999999999999999", "..", "/", "//",
    ];

    /// <summary>The seeds: the corpus folders' files (when the corpus is here) and the built-in examples.</summary>
    public static IReadOnlyList<string> Seeds(IEnumerable<string> corpusFolders, params string[] builtIn)
    {
        var seeds = new List<string>(builtIn);
        var corpus = RepositoryPaths.CorpusDirectory;
        if (corpus is null) return seeds;
        foreach (var folder in corpusFolders)
        {
            foreach (var name in RepositoryPaths.CorpusFileNames(folder))
                seeds.Add(File.ReadAllText(Path.Combine(corpus, folder, name)));
        }
        return seeds;
    }

    /// <summary>How many of the seeds came from the corpus (for the figures in docs/reliability.md).</summary>
    public static int CorpusFileCount(params string[] folders) => folders.Sum(f => RepositoryPaths.CorpusFileNames(f).Count);

    /// <summary>
    /// Mostly seeds damaged by one to five mutations; some seeds as they are; some text made only of the format's
    /// syntax and <paramref name="tokens"/>.
    /// </summary>
    public static Gen<string> Of(IReadOnlyList<string> seeds, params string[] tokens)
    {
        if (seeds.Count == 0) throw new ArgumentException("At least one seed is needed.", nameof(seeds));
        string[] allTokens = [.. tokens, .. CommonTokens];
        var seed = Gen.Int[0, seeds.Count - 1].Select(i => seeds[i]);
        var token = Gen.Frequency(
            (6, Gen.Int[0, allTokens.Length - 1].Select(i => allTokens[i])),
            (2, Gen.String[Gen.Char[Syntax], 1, 12]),
            (1, Gen.String[Gen.Char, 1, 6]));
        var mutation = Gen.Select(Gen.Int[0, 13], Gen.UInt, Gen.UInt, token, (kind, a, b, t) => new Mutation(kind, a, b, t));
        var mutated = Gen.Select(seed, mutation.Array[1, 5], (text, mutations) => mutations.Aggregate(text, (s, m) => m.Apply(s)));
        var built = Gen.Frequency((3, token), (1, Gen.String[Gen.Char[Syntax], 1, 40]))
            .Array[0, 60].Select(parts => string.Concat(parts));
        return Gen.Frequency((14, mutated), (1, seed), (5, built));
    }

    /// <summary>One damage done to a text; positions are taken modulo its length so every mutation applies to every text.</summary>
    public sealed record Mutation(int Kind, uint A, uint B, string Token)
    {
        public string Apply(string text)
        {
            var at = (int)(A % (uint)(text.Length + 1));
            switch (Kind)
            {
                case 0:
                    return text.Insert(at, Token);
                case 1:
                    return text.Length == 0 ? text : text.Remove(at % text.Length, Math.Min((int)(B % 40) + 1, text.Length - at % text.Length));
                case 2:
                {
                    var lines = Lines(text);
                    if (lines.Count == 0) return text;
                    lines.Insert((int)(B % (uint)(lines.Count + 1)), lines[(int)(A % (uint)lines.Count)]);
                    return string.Concat(lines);
                }
                case 3:
                {
                    var lines = Lines(text);
                    if (lines.Count < 2) return text;
                    var (i, j) = ((int)(A % (uint)lines.Count), (int)(B % (uint)lines.Count));
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    return string.Concat(lines);
                }
                case 4:
                {
                    var lines = Lines(text);
                    if (lines.Count == 0) return text;
                    lines.RemoveAt((int)(A % (uint)lines.Count));
                    return string.Concat(lines);
                }
                case 5:
                    return text[..at];
                case 6:
                    return text.Insert(at, RandomUnicode(B));
                case 7:
                    return text.Insert(at, new string('\0', (int)(B % 3) + 1));
                case 8:
                {
                    // A very long line: one word repeated, or one character, up to ~20,000 characters.
                    var length = 1_000 + (int)(B % 19_000);
                    var builder = new StringBuilder(length + Token.Length);
                    while (builder.Length < length) builder.Append(B % 2 == 0 ? "x" : Token.Length == 0 ? "y" : Token);
                    return text.Insert(at, builder.ToString());
                }
                case 9:
                    return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
                case 10:
                    return text.Length == 0 ? Token : text[..(at % text.Length)] + Token + text[(at % text.Length + 1)..];
                case 11:
                {
                    var lines = Lines(text);
                    if (lines.Count == 0) return Token;
                    var i = (int)(A % (uint)lines.Count);
                    lines[i] = Token + (lines[i].EndsWith('\n') ? "\n" : "");
                    return string.Concat(lines);
                }
                case 12:
                    // A line cut in two, as a careless editor or a bad paste does.
                    return text.Insert(at, B % 2 == 0 ? "\n" : "\r");
                default:
                    // Whitespace changed: tabs for spaces, or blanks at the ends of lines.
                    return B % 2 == 0 ? text.Replace(' ', '\t') : text.Replace("\n", " \t\n", StringComparison.Ordinal);
            }
        }

        public override string ToString() => $"{Kind}@{A}/{B}:{Escape(Token)}";
    }

    /// <summary>Lines with their line ends, so joining them gives the text back.</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static string RandomUnicode(uint seed)
    {
        // Combining marks, right-to-left text, an emoji pair, a lone surrogate, a BOM, the replacement character, fullwidth '='.
        string[] pieces = ["\u0301", "\u05d0\u05d1", "\ud83d\udca5", "\ud800", "\ufeff", "\ufffd", "\uff1d", "\u200b", "中文", "\u0085", "\u2029"];
        return pieces[seed % (uint)pieces.Length] + pieces[(seed / 7) % (uint)pieces.Length];
    }

    /// <summary>
    /// A case as C# would write it, for failure messages (NULs and line ends visible); cut at 600 characters unless
    /// PASSTHROUGHWEB_FUZZ_FULL=1 asks for the whole case.
    /// </summary>
    public static string Escape(string text)
    {
        var limit = Environment.GetEnvironmentVariable("PASSTHROUGHWEB_FUZZ_FULL") == "1" ? int.MaxValue : 600;
        var builder = new StringBuilder(Math.Min(text.Length, limit) + 2);
        builder.Append('"');
        foreach (var c in text.Length > limit ? text[..limit] : text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) || c > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        if (text.Length > limit) builder.Append($"…(+{text.Length - limit})");
        return builder.Append('"').ToString();
    }
}
