namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Decides, for the parameters already on a command line, which stay, which are replaced or removed and what is added.
/// Every editor runs its tokens through this one rule, so GRUB, loader entries and cmdline files agree on "already there".
/// </summary>
internal static class ParameterMerge
{
    public static ParameterMergeResult Merge(IReadOnlyList<string> tokens, IommuParameterSet set)
    {
        var edits = new SortedDictionary<int, string?>();
        var additions = new List<KernelParameter>();
        var notes = new List<string>();
        var reasons = new Dictionary<int, string>();

        foreach (var wanted in set.Wanted)
        {
            var name = wanted.Parameter.NormalizedName;
            var wantedValue = Unquote(wanted.Parameter.Value);
            var conflicts = new List<int>();
            var satisfied = false;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (edits.ContainsKey(i) || NameOf(tokens[i]) != name) continue;
                var value = ValueOf(tokens[i]);
                var options = value?.Split(',') ?? [];
                if (wanted.ConflictingValues.Any(c => options.Contains(c, StringComparer.Ordinal)))
                    conflicts.Add(i);
                else if (value == wantedValue || (wanted.ValueIsList && wantedValue is not null && options.Contains(wantedValue, StringComparer.Ordinal)))
                    satisfied = true;
                else if (wanted.ReplacesOtherValues)
                    conflicts.Add(i);
            }
            for (var k = 0; k < conflicts.Count; k++)
            {
                var old = tokens[conflicts[k]];
                if (k == 0 && !satisfied)
                {
                    edits[conflicts[k]] = wanted.Parameter.Text;
                    reasons[conflicts[k]] = $"{old} is replaced by {wanted.Parameter.Text}: {ReasonFor(wanted)}";
                }
                else
                {
                    edits[conflicts[k]] = null;
                    reasons[conflicts[k]] = ($"{old} is removed: it contradicts {wanted.Parameter.Text}, which the command line {(satisfied ? "already has" : "now has")}.");
                }
            }
            if (conflicts.Count == 0 && !satisfied) additions.Add(wanted.Parameter);
        }

        foreach (var unwanted in set.Unwanted)
        {
            var name = KernelParameter.NormalizeName(unwanted.Name);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (edits.ContainsKey(i) || NameOf(tokens[i]) != name) continue;
                var options = ValueOf(tokens[i])?.Split(',') ?? [];
                if (!unwanted.Values.Any(v => options.Contains(v, StringComparer.Ordinal))) continue;
                edits[i] = null;
                reasons[i] = $"{tokens[i]} is removed: {unwanted.Reason}";
            }
        }
        notes.AddRange(reasons.OrderBy(r => r.Key).Select(r => r.Value));
        return new ParameterMergeResult(edits, additions, notes) { Reasons = reasons };
    }

    /// <summary>Whether a command line already has everything the set asks for and nothing it refuses.</summary>
    public static bool IsSatisfied(IReadOnlyList<string> tokens, IommuParameterSet set)
    {
        var result = Merge(tokens, set);
        return result.Edits.Count == 0 && result.Additions.Count == 0;
    }

    private static string ReasonFor(WantedParameter wanted) =>
        wanted.ReplacesOtherValues
            ? "the kernel keeps only one value of it, and passthrough needs this one."
            : "the old value turns off what passthrough needs.";

    private static string NameOf(string token) => KernelParameter.NormalizeName(KernelCommandLine.NameOf(token));

    private static string? ValueOf(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? null : Unquote(token[(eq + 1)..]);
    }

    private static string? Unquote(string? value) =>
        value is { Length: >= 2 } && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
