using System.Globalization;
using System.Text;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// The preview of a file change as <c>diff -u</c> prints it (GNU diffutils' hunk layout, three lines of context,
/// <c>\ No newline at end of file</c>), with <c>a/</c> and <c>b/</c> labels so that <c>patch -p1</c> applies it
/// from the host root. A created file is diffed against <c>/dev/null</c>.
/// </summary>
public static class UnifiedDiff
{
    public const int DefaultContext = 3;
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <summary>The diff of one planned file; empty when the file does not change.</summary>
    public static string Render(FileChange change, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Render(change.Path, change.Before, change.After, context);
    }

    /// <summary>
    /// The diff between two contents of <paramref name="path"/>; a null side is a missing file (<c>/dev/null</c>).
    /// Empty when both sides are equal.
    /// </summary>
    public static string Render(string path, string? before, string? after, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (before == after) return "";
        var relative = path.TrimStart('/');
        var output = new StringBuilder();
        output.Append("--- ").Append(before is null ? "/dev/null" : "a/" + relative).Append('\n');
        output.Append("+++ ").Append(after is null ? "/dev/null" : "b/" + relative).Append('\n');
        AppendHunks(output, TextLines.Split(before), TextLines.Split(after), context);
        return output.ToString();
    }

    /// <summary>
    /// The diffs of every file a plan changes, one after the other (a patch for the whole plan), then those of the
    /// libvirt domains it defines.
    /// </summary>
    public static string Render(ChangePlan plan, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Concat(plan.Files.Select(f => Render(f, context))) + string.Concat(plan.Domains.Select(d => Render(d, context)));
    }

    /// <summary>The diff of a domain's definition, labelled <c>libvirt/NAME.xml</c> (a created domain is diffed against /dev/null).</summary>
    public static string Render(DomainChange domain, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Render(DomainLabel(domain), domain.Before, domain.After, context);
    }

    /// <summary>How a domain's definition is named in diffs and previews.</summary>
    public static string DomainLabel(DomainChange domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return $"libvirt/{domain.Name}.xml";
    }

    private static void AppendHunks(StringBuilder output, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int context)
    {
        var (deleted, inserted) = LineDiff.Compare(oldLines, newLines);
        var changes = Changes(deleted, inserted);
        var first = 0;
        while (first < changes.Count)
        {
            // Changes closer than twice the context share a hunk (GNU's threshold: a gap of 2 * context + 1 splits).
            var last = first;
            while (last + 1 < changes.Count && changes[last + 1].Old - (changes[last].Old + changes[last].Deleted) < 2 * context + 1) last++;
            AppendHunk(output, oldLines, newLines, changes, first, last, context);
            first = last + 1;
        }
    }

    private static void AppendHunk(StringBuilder output, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines,
        List<Change> changes, int firstChange, int lastChange, int context)
    {
        var start = changes[firstChange];
        var end = changes[lastChange];
        var oldFirst = Math.Max(start.Old - context, 0);
        var newFirst = Math.Max(start.New - context, 0);
        var oldLast = Math.Min(end.Old + end.Deleted - 1 + context, oldLines.Count - 1);
        var newLast = Math.Min(end.New + end.Inserted - 1 + context, newLines.Count - 1);

        output.Append("@@ -").Append(Range(oldFirst, oldLast)).Append(" +").Append(Range(newFirst, newLast)).Append(" @@\n");
        int o = oldFirst, n = newFirst, next = firstChange;
        while (o <= oldLast || n <= newLast)
        {
            if (next > lastChange || o < changes[next].Old)
            {
                AppendLine(output, ' ', oldLines, o);
                o++;
                n++;
                continue;
            }
            for (var k = 0; k < changes[next].Deleted; k++) AppendLine(output, '-', oldLines, o++);
            for (var k = 0; k < changes[next].Inserted; k++) AppendLine(output, '+', newLines, n++);
            next++;
        }
    }

    /// <summary>GNU's numbering: "l" for one line, "l,n" for more, and for none the line before the gap with ",0".</summary>
    private static string Range(int first, int last)
    {
        var a = first + 1;
        var b = last + 1;
        if (b < a) return b.ToString(CultureInfo.InvariantCulture) + ",0";
        if (b == a) return a.ToString(CultureInfo.InvariantCulture);
        return a.ToString(CultureInfo.InvariantCulture) + "," + (b - a + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static void AppendLine(StringBuilder output, char marker, IReadOnlyList<string> lines, int index)
    {
        var line = lines[index];
        output.Append(marker).Append(line);
        if (!line.EndsWith('\n')) output.Append('\n').Append(NoNewline);
    }

    /// <summary>Runs where old lines are deleted and/or new lines inserted at the same place, in order.</summary>
    private static List<Change> Changes(bool[] deleted, bool[] inserted)
    {
        var changes = new List<Change>();
        int o = 0, n = 0;
        while (o < deleted.Length || n < inserted.Length)
        {
            if ((o < deleted.Length && deleted[o]) || (n < inserted.Length && inserted[n]))
            {
                int oldStart = o, newStart = n;
                while (o < deleted.Length && deleted[o]) o++;
                while (n < inserted.Length && inserted[n]) n++;
                changes.Add(new Change(oldStart, newStart, o - oldStart, n - newStart));
            }
            o++;
            n++;
        }
        return changes;
    }

    private readonly record struct Change(int Old, int New, int Deleted, int Inserted);
}
