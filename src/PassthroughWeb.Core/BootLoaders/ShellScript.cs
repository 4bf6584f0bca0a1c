namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// The variable assignments of a shell file that is sourced, like <c>/etc/default/grub</c>, read without running it.
/// It understands what such files really hold — quotes, escapes, line continuations, comments, <c>$VAR</c>,
/// command substitutions, if/case/loops, functions — well enough to know which assignment runs unconditionally and
/// where each character of its value sits in the file. Anything it cannot read it reports rather than guesses.
/// </summary>
internal sealed class ShellScript
{
    private readonly string _s;
    private readonly int _file;
    private readonly List<ShellAssignment> _assignments = [];
    private readonly Stack<string> _frames = new();
    private readonly HashSet<string> _functionAssigned = new(StringComparer.Ordinal);
    private int _pos;
    private bool _pendingFunction;

    private ShellScript(string text, int file)
    {
        _s = text;
        _file = file;
    }

    public IReadOnlyList<ShellAssignment> Assignments => _assignments;

    /// <summary>Variables some function assigns: their value depends on calls this reader does not follow.</summary>
    public IReadOnlySet<string> FunctionAssigned => _functionAssigned;

    /// <summary>Why the file could not be read (an unterminated quote …), or null.</summary>
    public string? Problem { get; private set; }

    public static ShellScript Read(string text, int file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var script = new ShellScript(text, file);
        try
        {
            script.Parse();
        }
        catch (ShellSyntaxException e)
        {
            script.Problem = e.Message;
        }
        return script;
    }

    /// <summary>1-based line number of a raw index.</summary>
    public static int LineOf(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
            if (text[i] == '\n') line++;
        return line;
    }

    private void Parse()
    {
        var conditional = false;
        while (true)
        {
            SkipBlanks();
            if (_pos >= _s.Length) break;
            var c = _s[_pos];
            switch (c)
            {
                case '\n':
                case ';':
                    _pos++;
                    conditional = false;
                    continue;
                case '&':
                case '|':
                    // "a && X=1", "a || X=1", "a | X=1", "a & X=1": the assignment may not run, or runs in a subshell.
                    _pos += _pos + 1 < _s.Length && _s[_pos + 1] == c ? 2 : 1;
                    conditional = true;
                    continue;
                case '#':
                    SkipToEndOfLine();
                    continue;
                case '(':
                    _pos++;
                    _frames.Push("(");
                    continue;
                case ')':
                    _pos++;
                    if (_frames.Count > 0 && _frames.Peek() == "(") _frames.Pop();
                    continue;
                case '<':
                case '>':
                    RefuseHereDocument();
                    _pos++;
                    continue;
            }
            var before = _pos;
            ParseCommand(conditional);
            conditional = false;
            if (_pos == before) _pos++;
        }
        // A file cut off inside a function, if or loop: what follows in a sourced file never runs as written, and a line
        // added at the end would land inside the block.
        if (_frames.Count > 0)
            throw new ShellSyntaxException($"the file ends inside {FrameName(_frames.Peek())} that is never closed");
    }

    private static string FrameName(string frame) => frame switch
    {
        "if" => "an if, while or until block",
        "loop" => "a for or select loop",
        "case" => "a case statement",
        "function" => "a function body",
        "(" => "a ( subshell",
        _ => "a { block",
    };

    /// <summary>A here-document's lines are data, not commands; this reader does not follow them, so it says so instead of misreading them.</summary>
    private void RefuseHereDocument()
    {
        if (_pos + 1 < _s.Length && _s[_pos] == '<' && _s[_pos + 1] == '<' && (_pos + 2 >= _s.Length || _s[_pos + 2] != '<'))
            throw new ShellSyntaxException($"line {LineOf(_s, _pos)} starts a here-document (<<), which PassthroughWeb does not read");
    }

    private void ParseCommand(bool conditional)
    {
        var start = _pos;
        var word = ReadWord();
        var raw = _s[start.._pos];
        switch (raw)
        {
            case "if" or "while" or "until":
                _frames.Push("if");
                return;
            case "for" or "select":
                _frames.Push("loop");
                SkipRestOfCommand();
                return;
            case "case":
                _frames.Push("case");
                SkipRestOfCommand();
                return;
            case "then" or "do" or "else" or "elif" or "!" or "in":
                return;
            case "fi" or "done" or "esac":
                if (_frames.Count > 0) _frames.Pop();
                return;
            case "{":
                _frames.Push(_pendingFunction ? "function" : "{");
                _pendingFunction = false;
                return;
            case "}":
                if (_frames.Count > 0) _frames.Pop();
                return;
            case "function":
                SkipBlanks();
                ReadWord();
                SkipFunctionParentheses();
                _pendingFunction = true;
                return;
        }
        if (SkipFunctionParentheses())
        {
            _pendingFunction = true;
            return;
        }
        if (raw == "export" || raw == "readonly" || raw == "declare" || raw == "local")
        {
            SkipBlanks();
            start = _pos;
            word = ReadWord();
        }

        var found = new List<ShellAssignment>();
        // Set while the word just read is still to be checked: when it is not an assignment, it is the command.
        var wordAfterAssignments = false;
        while (AssignmentName(start, out var name, out var appends, out var valueStart))
        {
            wordAfterAssignments = false;
            found.Add(new ShellAssignment
            {
                Name = name,
                Appends = appends,
                File = _file,
                WordStart = valueStart,
                WordEnd = _pos,
                Pieces = word.Where(p => p.RawStart >= valueStart).ToList(),
                Conditional = conditional || _frames.Any(f => f is "if" or "loop" or "case" or "("),
                InFunction = _frames.Contains("function"),
                Line = LineOf(_s, start),
            });
            SkipBlanks();
            start = _pos;
            if (AtEndOfCommand()) break;
            word = ReadWord();
            if (_pos == start) break;
            wordAfterAssignments = true;
        }
        // NAME=value before a command only sets it for that command.
        if (found.Count > 0 && (wordAfterAssignments || !AtEndOfCommand()))
        {
            SkipRestOfCommand();
            return;
        }
        foreach (var a in found)
        {
            if (a.InFunction) _functionAssigned.Add(a.Name);
            _assignments.Add(a);
        }
        if (found.Count == 0) SkipRestOfCommand();
    }

    private bool AssignmentName(int start, out string name, out bool appends, out int valueStart)
    {
        name = "";
        appends = false;
        valueStart = 0;
        var i = start;
        if (i >= _s.Length || !(char.IsAsciiLetter(_s[i]) || _s[i] == '_')) return false;
        while (i < _pos && (char.IsAsciiLetterOrDigit(_s[i]) || _s[i] == '_')) i++;
        if (i < _pos && _s[i] == '+' && i + 1 < _pos && _s[i + 1] == '=')
        {
            appends = true;
            name = _s[start..i];
            valueStart = i + 2;
            return true;
        }
        if (i >= _pos || _s[i] != '=') return false;
        name = _s[start..i];
        valueStart = i + 1;
        return true;
    }

    private bool AtEndOfCommand()
    {
        SkipBlanks();
        return _pos >= _s.Length || _s[_pos] is '\n' or ';' or '&' or '|' or '#' or ')';
    }

    private void SkipRestOfCommand()
    {
        while (true)
        {
            SkipBlanks();
            if (_pos >= _s.Length || _s[_pos] is '\n' or ';' or '&' or '|' or '#' or ')' or '(') return;
            if (_s[_pos] is '<' or '>')
            {
                RefuseHereDocument();
                _pos++;
                continue;
            }
            var before = _pos;
            ReadWord();
            if (_pos == before) _pos++;
        }
    }

    private bool SkipFunctionParentheses()
    {
        var i = _pos;
        while (i < _s.Length && _s[i] is ' ' or '\t') i++;
        if (i >= _s.Length || _s[i] != '(') return false;
        var j = i + 1;
        while (j < _s.Length && _s[j] is ' ' or '\t') j++;
        if (j >= _s.Length || _s[j] != ')') return false;
        _pos = j + 1;
        return true;
    }

    private void SkipBlanks()
    {
        while (_pos < _s.Length)
        {
            if (_s[_pos] is ' ' or '\t' or '\r') _pos++;
            else if (_s[_pos] == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] == '\n') _pos += 2;
            else break;
        }
    }

    private void SkipToEndOfLine()
    {
        while (_pos < _s.Length && _s[_pos] != '\n') _pos++;
    }

    private List<ShellWordPiece> ReadWord()
    {
        var pieces = new List<ShellWordPiece>();
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')') break;
            switch (c)
            {
                case '\\':
                    if (_pos + 1 >= _s.Length)
                    {
                        pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, '\\', null, _pos, _pos + 1, ShellQuote.None));
                        _pos++;
                    }
                    else if (_s[_pos + 1] == '\n')
                    {
                        _pos += 2;
                    }
                    else
                    {
                        pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, _s[_pos + 1], null, _pos, _pos + 2, ShellQuote.None));
                        _pos += 2;
                    }
                    break;
                case '\'':
                    {
                        var open = _pos;
                        var close = _s.IndexOf('\'', _pos + 1);
                        if (close < 0) throw new ShellSyntaxException($"a single quote opened on line {LineOf(_s, open)} is never closed");
                        for (var i = open + 1; i < close; i++)
                            pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, _s[i], null, i, i + 1, ShellQuote.Single));
                        _pos = close + 1;
                        break;
                    }
                case '"':
                    ReadDoubleQuoted(pieces);
                    break;
                case '$':
                    ReadDollar(pieces, ShellQuote.None);
                    break;
                case '`':
                    {
                        var start = _pos;
                        SkipBackquoted();
                        pieces.Add(new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, ShellQuote.None));
                        break;
                    }
                default:
                    pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, c, null, _pos, _pos + 1, ShellQuote.None));
                    _pos++;
                    break;
            }
        }
        return pieces;
    }

    private void ReadDoubleQuoted(List<ShellWordPiece> pieces)
    {
        var open = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _s.Length) throw new ShellSyntaxException($"a double quote opened on line {LineOf(_s, open)} is never closed");
            var c = _s[_pos];
            if (c == '"')
            {
                _pos++;
                return;
            }
            if (c == '\\' && _pos + 1 < _s.Length)
            {
                var next = _s[_pos + 1];
                if (next == '\n')
                {
                    _pos += 2;
                    continue;
                }
                if (next is '$' or '`' or '"' or '\\')
                {
                    pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, next, null, _pos, _pos + 2, ShellQuote.Double));
                    _pos += 2;
                    continue;
                }
            }
            if (c == '$')
            {
                ReadDollar(pieces, ShellQuote.Double);
                continue;
            }
            if (c == '`')
            {
                var start = _pos;
                SkipBackquoted();
                pieces.Add(new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, ShellQuote.Double));
                continue;
            }
            pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, c, null, _pos, _pos + 1, ShellQuote.Double));
            _pos++;
        }
    }

    private void ReadDollar(List<ShellWordPiece> pieces, ShellQuote quote)
    {
        var start = _pos;
        var next = _pos + 1 < _s.Length ? _s[_pos + 1] : '\0';
        if (char.IsAsciiLetter(next) || next == '_')
        {
            var i = _pos + 1;
            while (i < _s.Length && (char.IsAsciiLetterOrDigit(_s[i]) || _s[i] == '_')) i++;
            pieces.Add(new ShellWordPiece(ShellPieceKind.Variable, '\0', _s[(_pos + 1)..i], start, i, quote));
            _pos = i;
            return;
        }
        if (next == '{')
        {
            var close = FindBraceEnd(_pos + 2);
            var inner = _s[(_pos + 2)..close];
            _pos = close + 1;
            var plain = inner.Length > 0 && (char.IsAsciiLetter(inner[0]) || inner[0] == '_') && inner.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
            pieces.Add(plain
                ? new ShellWordPiece(ShellPieceKind.Variable, '\0', inner, start, _pos, quote)
                : new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, quote));
            return;
        }
        if (next == '(')
        {
            _pos += 2;
            SkipParenthesized();
            pieces.Add(new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, quote));
            return;
        }
        if (next == '\'' && quote == ShellQuote.None)
        {
            var close = _s.IndexOf('\'', _pos + 2);
            if (close < 0) throw new ShellSyntaxException($"a $'…' string on line {LineOf(_s, start)} is never closed");
            _pos = close + 1;
            pieces.Add(new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, quote));
            return;
        }
        if (char.IsAsciiDigit(next) || next is '*' or '@' or '#' or '?' or '$' or '!' or '-')
        {
            _pos += 2;
            pieces.Add(new ShellWordPiece(ShellPieceKind.Opaque, '\0', null, start, _pos, quote));
            return;
        }
        pieces.Add(new ShellWordPiece(ShellPieceKind.Literal, '$', null, start, start + 1, quote));
        _pos++;
    }

    private int FindBraceEnd(int from)
    {
        var depth = 1;
        for (var i = from; i < _s.Length; i++)
        {
            if (_s[i] == '\\') { i++; continue; }
            if (_s[i] == '{') depth++;
            else if (_s[i] == '}' && --depth == 0) return i;
        }
        throw new ShellSyntaxException($"a ${{…}} opened on line {LineOf(_s, from)} is never closed");
    }

    /// <summary>Skips to after the ')' that closes a '$(' (or '$((') already consumed, across nested quotes and parentheses.</summary>
    private void SkipParenthesized()
    {
        var open = _pos;
        var depth = 1;
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            switch (c)
            {
                case '\\':
                    _pos += 2;
                    continue;
                case '\'':
                    {
                        var close = _s.IndexOf('\'', _pos + 1);
                        if (close < 0) throw new ShellSyntaxException($"a single quote inside $( on line {LineOf(_s, _pos)} is never closed");
                        _pos = close + 1;
                        continue;
                    }
                case '"':
                    ReadDoubleQuoted([]);
                    continue;
                case '`':
                    SkipBackquoted();
                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        _pos++;
                        return;
                    }
                    break;
            }
            _pos++;
        }
        throw new ShellSyntaxException($"a $( opened on line {LineOf(_s, open)} is never closed");
    }

    private void SkipBackquoted()
    {
        var open = _pos;
        _pos++;
        while (_pos < _s.Length)
        {
            if (_s[_pos] == '\\') { _pos += 2; continue; }
            if (_s[_pos] == '`') { _pos++; return; }
            _pos++;
        }
        throw new ShellSyntaxException($"a backquote opened on line {LineOf(_s, open)} is never closed");
    }
}
