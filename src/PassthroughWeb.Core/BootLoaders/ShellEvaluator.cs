namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Runs the assignments of sourced shell files in order, without running anything else: <c>$VAR</c> takes the value
/// assigned before it, command output is unknown. Assignments inside conditions count as run (the usual case for an
/// "append if missing" block); assignments inside functions do not, and their variables are marked uncertain.
/// </summary>
internal sealed class ShellEvaluator
{
    private readonly Dictionary<string, List<ShellValueChar>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _uncertain = new(StringComparer.Ordinal);

    public ShellEvaluator(IEnumerable<ShellScript> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        foreach (var script in scripts)
        {
            _uncertain.UnionWith(script.FunctionAssigned);
            foreach (var assignment in script.Assignments)
            {
                if (assignment.InFunction) continue;
                var value = Expand(assignment, out var uncertain);
                if (assignment.Appends && _values.TryGetValue(assignment.Name, out var old)) value.InsertRange(0, old);
                _values[assignment.Name] = value;
                if (uncertain) _uncertain.Add(assignment.Name);
            }
        }
    }

    public IReadOnlyList<ShellValueChar> ValueOf(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public string TextOf(string name) => new(ValueOf(name).Select(c => c.Char).ToArray());

    public bool IsAssigned(string name) => _values.ContainsKey(name);

    /// <summary>Part of the value comes from command output or from functions this reader does not follow.</summary>
    public bool IsUncertain(string name) => _uncertain.Contains(name);

    private List<ShellValueChar> Expand(ShellAssignment assignment, out bool uncertain)
    {
        uncertain = false;
        var result = new List<ShellValueChar>();
        foreach (var piece in assignment.Pieces)
        {
            switch (piece.Kind)
            {
                case ShellPieceKind.Literal:
                    result.Add(new ShellValueChar(piece.Char, assignment.File, piece.RawStart, piece.RawEnd, piece.Quote));
                    break;
                case ShellPieceKind.Variable:
                    if (_values.TryGetValue(piece.Name!, out var value)) result.AddRange(value);
                    if (_uncertain.Contains(piece.Name!)) uncertain = true;
                    break;
                default:
                    result.Add(ShellValueChar.Unknown);
                    uncertain = true;
                    break;
            }
        }
        return result;
    }

    /// <summary>Splits an evaluated value into kernel parameters the way GRUB hands them on: on blanks, keeping quoted stretches whole.</summary>
    public static List<List<ShellValueChar>> Tokens(IReadOnlyList<ShellValueChar> value) =>
        TokenRanges(value).Select(r => value.Skip(r.Start).Take(r.End - r.Start).ToList()).ToList();

    /// <summary>Where each parameter starts and ends in the value (end exclusive).</summary>
    public static List<(int Start, int End)> TokenRanges(IReadOnlyList<ShellValueChar> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ranges = new List<(int, int)>();
        var start = -1;
        var quote = '\0';
        for (var i = 0; i < value.Count; i++)
        {
            var c = value[i].Char;
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (IsBlank(c))
            {
                if (start >= 0) ranges.Add((start, i));
                start = -1;
                continue;
            }
            if (start < 0) start = i;
            if (c is '"' or '\'') quote = c;
        }
        if (start >= 0) ranges.Add((start, value.Count));
        return ranges;
    }

    public static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r';
}
