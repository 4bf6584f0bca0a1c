namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Which lines of two texts differ: a shortest edit script (Myers, "An O(ND) difference algorithm"), then the
/// boundaries of each run of changes slid the way GNU diff's <c>shift_boundaries</c> does, so that a preview
/// reads like the <c>diff -u</c> an administrator knows (an inserted blank line next to another one is shown
/// after it, runs that can merge are merged).
/// </summary>
internal static class LineDiff
{
    /// <summary>Per line of each side, whether it is deleted (old) or inserted (new).</summary>
    public static (bool[] Deleted, bool[] Inserted) Compare(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var a = oldLines.Select(l => Id(ids, l)).ToArray();
        var b = newLines.Select(l => Id(ids, l)).ToArray();

        // One spare slot on each side: shift_boundaries reads changed[-1] and changed[n] as "unchanged".
        var deleted = new bool[a.Length + 2];
        var inserted = new bool[b.Length + 2];
        MarkShortestEditScript(a, b, deleted, inserted);
        Shift(deleted, inserted, a);
        Shift(inserted, deleted, b);
        return (deleted[1..^1], inserted[1..^1]);
    }

    private static int Id(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out var id)) ids[line] = id = ids.Count;
        return id;
    }

    private static void MarkShortestEditScript(int[] a, int[] b, bool[] deleted, bool[] inserted)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }

        // Walk back through the saved frontiers, marking the one edit taken at each cost.
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            var down = k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = previous[offset + previousK];
            var previousY = previousX - previousK;
            // The diagonal run after the edit is common to both sides.
            while (cx > previousX && cy > previousY)
            {
                cx--;
                cy--;
            }
            if (down) inserted[cy] = true;  // b[cy - 1], stored one slot to the right
            else deleted[cx] = true;        // a[cx - 1]
            cx = previousX;
            cy = previousY;
        }
    }

    /// <summary>
    /// GNU diff's <c>shift_boundaries</c> on arrays with a sentinel slot at each end (index 1 is line 0). Each run
    /// of changes is moved back as far as identical lines allow, then forward, merging with runs it meets, and
    /// finally back to where it lines up with a run of changes in the other file, if such a place exists.
    /// </summary>
    private static void Shift(bool[] changed, bool[] otherChanged, int[] lines)
    {
        int Line(int i) => lines[i];
        bool Changed(int i) => changed[i + 1];
        void Set(int i, bool value) => changed[i + 1] = value;
        bool Other(int j) => otherChanged[j + 1];

        var end = lines.Length;
        int i = 0, j = 0;
        while (true)
        {
            while (i < end && !Changed(i))
            {
                while (Other(j++))
                {
                }
                i++;
            }
            if (i == end) break;

            var start = i;
            while (Changed(++i))
            {
            }
            while (Other(j)) j++;

            int runLength, corresponding;
            do
            {
                runLength = i - start;
                while (start > 0 && Line(start - 1) == Line(i - 1))
                {
                    Set(--start, true);
                    Set(--i, false);
                    while (Changed(start - 1)) start--;
                    while (Other(--j))
                    {
                    }
                }
                corresponding = Other(j - 1) ? i : end;
                while (i != end && Line(start) == Line(i))
                {
                    Set(start++, false);
                    Set(i++, true);
                    while (Changed(i)) i++;
                    while (Other(++j)) corresponding = i;
                }
            }
            while (runLength != i - start);

            while (corresponding < i)
            {
                Set(--start, true);
                Set(--i, false);
                while (Other(--j))
                {
                }
            }
        }
    }
}
