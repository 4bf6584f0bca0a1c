using System.Globalization;
using System.Text;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// One parameter the app may write onto a kernel command line. Its text is checked before it gets near a boot
/// loader file: a parameter travels through shell-sourced files (<c>/etc/default/grub</c>), quoted config values and
/// argument lists, so anything a shell, a config parser or the kernel's own splitter could read differently is refused.
/// </summary>
public sealed record KernelParameter
{
    /// <summary>The kernel's COMMAND_LINE_SIZE on x86: a single parameter longer than the whole line cannot be right.</summary>
    public const int MaxLength = 2048;

    private const string ValueCharacters = "_-.,:=/+@%";
    private const string ShellCharacters = ";|&$`<>(){}[]\\*?!#~'\"";

    private KernelParameter(string text)
    {
        Text = text;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        Name = eq < 0 ? text : text[..eq];
        Value = eq < 0 ? null : text[(eq + 1)..];
    }

    /// <summary>The parameter as it goes on the command line: <c>intel_iommu=on</c>.</summary>
    public string Text { get; }

    /// <summary>The part before the first <c>=</c>: <c>intel_iommu</c>.</summary>
    public string Name { get; }

    /// <summary>The part after the first <c>=</c> (quotes included), or null for a flag such as <c>quiet</c>.</summary>
    public string? Value { get; }

    /// <summary>Whether the value carries double quotes (<c>acpi_osi="Windows 2020"</c>), the only form allowed to hold spaces.</summary>
    public bool IsQuoted => Value is { Length: >= 2 } v && v[0] == '"' && v[^1] == '"';

    /// <summary>The name the kernel compares: it treats <c>-</c> and <c>_</c> in parameter names as the same character.</summary>
    public string NormalizedName => NormalizeName(Name);

    /// <summary>A well-formed parameter, or an exception naming what is wrong: for text the caller already checked with <see cref="Check"/>.</summary>
    public static KernelParameter Parse(string text)
    {
        var problem = Check(text);
        return problem is null ? new KernelParameter(text) : throw new ArgumentException(problem, nameof(text));
    }

    /// <summary>A well-formed parameter, or null with the reason the text was refused.</summary>
    public static KernelParameter? TryParse(string? text, out string? problem)
    {
        problem = Check(text);
        return problem is null ? new KernelParameter(text!) : null;
    }

    /// <summary>Null when <paramref name="text"/> is a well-formed kernel parameter, else a sentence saying why it is not.</summary>
    public static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "A kernel parameter cannot be empty.";
        var shown = Show(text);
        if (text.Length > MaxLength)
            return $"The parameter {shown} is {text.Length} characters long; the whole kernel command line holds at most {MaxLength}.";
        foreach (var c in text)
        {
            if (c == '\n' || c == '\r') return $"The parameter {shown} contains a line break; a parameter is one word on one line.";
            if (char.IsControl(c)) return $"The parameter {shown} contains the control character U+{(int)c:X4}.";
            if (c > '\u007e') return $"The parameter {shown} contains the non-ASCII character '{c}'; kernel parameters are plain ASCII.";
        }
        if (text[0] == '-') return $"The parameter {shown} starts with '-': the kernel hands a lone '--' and what follows to init, and no kernel parameter starts with '-'.";
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? text : text[..eq];
        if (name.Length == 0) return $"The parameter {shown} has no name before '='.";
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                return $"The parameter name '{name}' contains {Describe(c)}; names are letters, digits, '_', '-' and '.'.";
        }
        if (eq < 0) return null;
        var value = text[(eq + 1)..];
        var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
        var inner = quoted ? value[1..^1] : value;
        foreach (var c in inner)
        {
            if (char.IsAsciiLetterOrDigit(c) || ValueCharacters.Contains(c, StringComparison.Ordinal)) continue;
            if (c == ' ' && quoted) continue;
            if (c == ' ') return $"The parameter {shown} contains a space; only a value in double quotes (name=\"a b\") may hold spaces.";
            if (c == '"') return $"The parameter {shown} contains a double quote; quotes are allowed only around the whole value (name=\"a b\").";
            return $"The parameter {shown} contains {Describe(c)}, which is not allowed in a kernel parameter.";
        }
        if (quoted && inner.Length == 0) return $"The parameter {shown} has an empty quoted value.";
        return null;
    }

    /// <summary>The kernel compares parameter names with '-' and '_' as one character (<c>vfio-pci.ids</c> is <c>vfio_pci.ids</c>).</summary>
    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace('-', '_');
    }

    public override string ToString() => Text;

    private static string Describe(char c) =>
        ShellCharacters.Contains(c, StringComparison.Ordinal)
            ? $"the shell character '{c}'"
            : c == ' ' ? "a space" : $"the character '{c}'";

    private static string Show(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var c in text.Length > 80 ? text[..80] : text)
        {
            if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (char.IsControl(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        if (text.Length > 80) builder.Append('…');
        return builder.Append('\'').ToString();
    }
}
