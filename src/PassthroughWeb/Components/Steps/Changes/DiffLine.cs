using System.Globalization;
using System.Text.RegularExpressions;

namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>One line of a unified diff, as the diff view shows it.</summary>
public sealed partial record DiffLine(DiffLineKind Kind, string Text)
{
    public string CssClass => Kind switch
    {
        DiffLineKind.FileHeader => "diff-file",
        DiffLineKind.Hunk => "diff-hunk",
        DiffLineKind.Added => "diff-add",
        DiffLineKind.Removed => "diff-del",
        DiffLineKind.Note => "diff-note",
        _ => "diff-context",
    };

    /// <summary>
    /// Splits a diff as <see cref="Core.Changes.UnifiedDiff"/> renders it (one file or several in a row). Lines are
    /// counted against each hunk header, so a removed line that itself starts with "-- " is never taken for the
    /// label of the next file.
    /// </summary>
    public static IReadOnlyList<DiffLine> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var lines = new List<DiffLine>();
        int oldLeft = 0, newLeft = 0;
        foreach (var text in diff.Split('\n'))
        {
            if (text.Length == 0) continue;
            if (oldLeft == 0 && newLeft == 0)
            {
                if (HunkHeader().Match(text) is { Success: true } hunk)
                {
                    oldLeft = Count(hunk.Groups["oldCount"]);
                    newLeft = Count(hunk.Groups["newCount"]);
                    lines.Add(new DiffLine(DiffLineKind.Hunk, text));
                }
                else
                {
                    lines.Add(new DiffLine(text[0] == '\\' ? DiffLineKind.Note : DiffLineKind.FileHeader, text));
                }
                continue;
            }
            switch (text[0])
            {
                case '+':
                    newLeft--;
                    lines.Add(new DiffLine(DiffLineKind.Added, text));
                    break;
                case '-':
                    oldLeft--;
                    lines.Add(new DiffLine(DiffLineKind.Removed, text));
                    break;
                case '\\':
                    lines.Add(new DiffLine(DiffLineKind.Note, text));
                    break;
                default:
                    oldLeft--;
                    newLeft--;
                    lines.Add(new DiffLine(DiffLineKind.Context, text));
                    break;
            }
        }
        return lines;
    }

    /// <summary>A range without a count ("@@ -3 +3 @@") is one line long.</summary>
    private static int Count(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 1;

    [GeneratedRegex(@"^@@ -\d+(,(?<oldCount>\d+))? \+\d+(,(?<newCount>\d+))? @@")]
    private static partial Regex HunkHeader();
}
