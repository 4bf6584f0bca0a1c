using System.Text;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Applies a parameter merge to command lines held in plain text regions: only the parameters that change are
/// touched, additions go after the last parameter of the last region, everything else stays byte for byte.
/// </summary>
internal static class RegionEditor
{
    public static RegionEditResult Edit(IReadOnlyList<string> texts, IReadOnlyList<CommandLineRegion> regions, IommuParameterSet set)
    {
        var tokens = new List<(CommandLineToken Token, int Region)>();
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            foreach (var token in KernelCommandLine.Tokenize(texts[region.File], region.Start, region.End))
                tokens.Add((token, r));
            // The kernel reads an unclosed quote to the end of the command line: anything added after it would be swallowed.
            if (texts[region.File].AsSpan(region.Start, region.End - region.Start).Count('"') % 2 != 0)
            {
                var open = tokens.Last(t => t.Region == r && t.Token.Text.Count(c => c == '"') % 2 != 0).Token.Text;
                return new RegionEditResult(texts, [], [], ParameterMerge.Merge([], set)) { UnclosedQuote = open };
            }
        }
        var merge = ParameterMerge.Merge(tokens.Select(t => t.Token.Text).ToList(), set);
        var splices = texts.Select(_ => new List<(int Start, int End, string Text)>()).ToList();

        foreach (var (index, replacement) in merge.Edits)
        {
            var (token, r) = tokens[index];
            var region = regions[r];
            var text = texts[region.File];
            if (replacement is not null)
            {
                splices[region.File].Add((token.Start, token.End, replacement));
                continue;
            }
            // Take the blank before the parameter with it; for the first parameter, the blank after it.
            var start = token.Start;
            while (start > region.Start && text[start - 1] is ' ' or '\t') start--;
            var end = token.End;
            if (start == token.Start || start == region.Start)
            {
                // First in its region: take the blanks after it instead, unless nothing follows (they are the line's trailing blanks).
                start = token.Start;
                while (end < region.End && text[end] is ' ' or '\t') end++;
                if (end == region.End) end = token.End;
            }
            splices[region.File].Add((start, end, ""));
        }

        var unplaced = new List<KernelParameter>();
        if (merge.Additions.Count > 0)
        {
            var addition = string.Join(' ', merge.Additions.Select(a => a.Text));
            // After the last parameter that stays; if every parameter goes, at the start of its region.
            var keep = Enumerable.Range(0, tokens.Count).LastOrDefault(i => !(merge.Edits.TryGetValue(i, out var e) && e is null), -1);
            var target = keep >= 0 ? tokens[keep].Region : tokens.Count > 0 ? tokens[^1].Region : regions.Count - 1;
            if (target < 0)
            {
                unplaced.AddRange(merge.Additions);
            }
            else
            {
                var region = regions[target];
                if (keep >= 0) splices[region.File].Add((tokens[keep].Token.End, tokens[keep].Token.End, " " + addition));
                else splices[region.File].Add((region.Start, region.Start, addition));
            }
        }

        var result = new List<string>(texts.Count);
        for (var f = 0; f < texts.Count; f++) result.Add(Splice(texts[f], splices[f]));
        return new RegionEditResult(result, merge.Notes, unplaced, merge);
    }

    /// <summary>
    /// Applies replacements, given in any order, to <paramref name="text"/>. Deletions may overlap (two removed
    /// parameters can each claim the blanks between them); they are merged. Any other overlap is a bug.
    /// </summary>
    public static string Splice(string text, IEnumerable<(int Start, int End, string Text)> splices)
    {
        var ordered = new List<(int Start, int End, string Text)>();
        foreach (var splice in splices.OrderBy(s => s.Start).ThenBy(s => s.End))
        {
            if (ordered.Count > 0 && ordered[^1] is var last && last.Text.Length == 0 && splice.Text.Length == 0 && splice.Start <= last.End)
                ordered[^1] = (last.Start, Math.Max(last.End, splice.End), "");
            else ordered.Add(splice);
        }
        if (ordered.Count == 0) return text;
        var builder = new StringBuilder(text.Length + 64);
        var at = 0;
        foreach (var (start, end, replacement) in ordered)
        {
            if (start < at) throw new InvalidOperationException($"Overlapping edits at {start}.");
            builder.Append(text, at, start - at).Append(replacement);
            at = end;
        }
        return builder.Append(text, at, text.Length - at).ToString();
    }
}
