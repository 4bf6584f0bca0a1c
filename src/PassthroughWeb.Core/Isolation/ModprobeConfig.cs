using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// Everything modprobe reads from the modprobe.d directories of a host, in the order kmod reads it, plus the
/// files it skips and why. Mirrors kmod 30: directories in the order <c>/etc</c>, <c>/run</c>,
/// <c>/usr/local/lib</c>, <c>/lib</c> (and <c>/usr/lib</c>, which newer kmod reads and merged-/usr systems
/// make the same directory); a file name found in an earlier directory replaces the same name in a later
/// one; only names ending in <c>.conf</c> are read; the files that remain are read sorted by name, whatever
/// directory they are in.
/// </summary>
public sealed class ModprobeConfig
{
    /// <summary>The directories in kmod's precedence order: for one file name, the first directory wins.</summary>
    public static IReadOnlyList<string> Directories { get; } =
        ["/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d", "/usr/lib/modprobe.d"];

    private ModprobeConfig(IReadOnlyList<ModprobeFile> files, IReadOnlyList<ModprobeFile> ignored)
    {
        Files = files;
        Ignored = ignored;
    }

    /// <summary>The files kmod reads, in the order it reads them.</summary>
    public IReadOnlyList<ModprobeFile> Files { get; }

    /// <summary>Files in the directories that kmod does not read, each with the reason.</summary>
    public IReadOnlyList<ModprobeFile> Ignored { get; }

    /// <summary>Every command kmod reads, in order.</summary>
    public IEnumerable<ModprobeLine> Lines => Files.SelectMany(f => f.Lines);

    public static ModprobeConfig Load(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var seenDirectories = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new Dictionary<string, ModprobeFile>(StringComparer.Ordinal);
        var ignored = new List<ModprobeFile>();
        foreach (var directory in Directories)
        {
            string machinePath;
            try
            {
                machinePath = root.Resolve(directory);
            }
            catch (HostPathEscapesRootException)
            {
                continue;
            }
            if (!root.DirectoryExists(directory) || !seenDirectories.Add(machinePath)) continue;
            foreach (var name in root.ListNames(directory))
            {
                var path = directory + "/" + name;
                if (name.StartsWith('.') || root.DirectoryExists(path)) continue;
                var text = root.TryReadText(path);
                if (text is null)
                {
                    // A link to /dev/null masks a file of that name in later directories, as in systemd.
                    if (root.ReadSymlink(path).State == SymlinkState.Escapes && name.EndsWith(".conf", StringComparison.Ordinal))
                        chosen.TryAdd(name, new ModprobeFile { Path = path, Text = "", Lines = [], IgnoredBecause = "it is a link that masks the file of this name (usually to /dev/null)" });
                    continue;
                }
                var file = Parse(path, text);
                if (!name.EndsWith(".conf", StringComparison.Ordinal))
                {
                    ignored.Add(file with { IgnoredBecause = "modprobe reads only files whose name ends in .conf: this file is ignored" });
                    continue;
                }
                if (chosen.TryGetValue(name, out var earlier))
                {
                    ignored.Add(file with { IgnoredBecause = $"{earlier.Path} has the same name and is read instead: modprobe reads only the first of files with one name ({string.Join(", ", Directories)})" });
                    continue;
                }
                chosen.Add(name, file);
            }
        }
        var files = chosen.Values.Where(f => f.IgnoredBecause is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        ignored.AddRange(chosen.Values.Where(f => f.IgnoredBecause is not null));
        return new ModprobeConfig(files, ignored);
    }

    /// <summary>A configuration of the given files only, read in the given order (for one directory, or a planned file).</summary>
    public static ModprobeConfig FromFiles(IEnumerable<ModprobeFile> files) =>
        new(files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), []);

    /// <summary>Reads one file's text the way kmod's parser does.</summary>
    public static ModprobeFile Parse(string hostPath, string text)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        ArgumentNullException.ThrowIfNull(text);
        var physical = SplitLines(text);
        var lines = new List<ModprobeLine>();
        for (var i = 0; i < physical.Count; i++)
        {
            var first = i;
            var logical = physical[i];
            // A backslash at the very end joins the next line (kmod keeps the next line's leading blanks).
            while (EndsWithContinuation(logical) && i + 1 < physical.Count)
            {
                logical = logical[..^1] + physical[++i];
            }
            if (EndsWithContinuation(logical)) logical = logical[..^1];
            var line = ParseLine(hostPath, first + 1, i + 1, logical);
            if (line is not null) lines.Add(line);
        }
        return new ModprobeFile { Path = hostPath, Text = text, Lines = lines };
    }

    /// <summary>
    /// Whether kmod joins the next line to this one. Its reader (libkmod's getline_wrapped) takes a backslash and the
    /// character after it as a pair: "\\" is an escaped backslash, so only an odd run of them at the end escapes the
    /// line break.
    /// </summary>
    internal static bool EndsWithContinuation(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var run = line.Length - line.TrimEnd('\\').Length;
        return run % 2 == 1;
    }

    /// <summary>The physical lines of a text, without their line ends; a final newline does not start another line.</summary>
    internal static List<string> SplitLines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static ModprobeLine? ParseLine(string file, int firstLine, int lastLine, string text)
    {
        var words = Words(text);
        if (words.Count == 0 || words[0].Text.StartsWith('#')) return null;
        var command = words[0].Text;
        var directive = command switch
        {
            "options" => ModprobeDirective.Options,
            "softdep" => ModprobeDirective.Softdep,
            "blacklist" => ModprobeDirective.Blacklist,
            "install" => ModprobeDirective.Install,
            "remove" => ModprobeDirective.Remove,
            "alias" => ModprobeDirective.Alias,
            "weakdep" => ModprobeDirective.Weakdep,
            _ => ModprobeDirective.Unknown,
        };
        var line = new ModprobeLine
        {
            File = file,
            LineNumber = firstLine,
            LastLineNumber = lastLine,
            Text = text,
            Directive = directive,
            Command = command,
        };
        if (directive == ModprobeDirective.Unknown)
            return line with { SyntaxError = command is "include" or "config" ? $"'{command}' is no longer read by modprobe" : $"modprobe does not know the command '{command}' and ignores the line" };
        if (words.Count < 2)
            return line with { SyntaxError = $"'{command}' needs a module name" };

        var written = words[1].Text;
        line = line with { WrittenModule = written, Module = ModuleNames.Normalize(written) };
        var rest = words.Count > 2 ? text[words[2].Start..].TrimEnd() : "";
        switch (directive)
        {
            case ModprobeDirective.Blacklist:
                return line;
            case ModprobeDirective.Alias:
                return words.Count < 3
                    ? line with { SyntaxError = "'alias' needs the alias and the module it stands for" }
                    : line with { Target = ModuleNames.Normalize(words[2].Text) };
            case ModprobeDirective.Options:
                return rest.Length == 0
                    ? line with { SyntaxError = $"'options {written}' gives no parameters" }
                    : line with { Parameters = words.Skip(2).Select(w => w.Text).ToList() };
            case ModprobeDirective.Install:
            case ModprobeDirective.Remove:
                return rest.Length == 0 ? line with { SyntaxError = $"'{command} {written}' gives no command to run" } : line with { Target = rest };
            case ModprobeDirective.Softdep:
            case ModprobeDirective.Weakdep:
                if (rest.Length == 0) return line with { SyntaxError = $"'{command} {written}' names no modules" };
                if (directive == ModprobeDirective.Weakdep) return line with { Pre = words.Skip(2).Select(w => w.Text).ToList() };
                var pre = new List<string>();
                var post = new List<string>();
                var dropped = new List<string>();
                List<string>? current = null;
                foreach (var word in words.Skip(2).Select(w => w.Text))
                {
                    if (word == "pre:") current = pre;
                    else if (word == "post:") current = post;
                    else (current ?? dropped).Add(word);
                }
                return line with { Pre = pre, Post = post, DroppedWords = dropped };
            default:
                return line;
        }
    }

    private static List<(string Text, int Start)> Words(string text)
    {
        var words = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r') i++;
            if (i >= text.Length) break;
            var start = i;
            while (i < text.Length && text[i] is not (' ' or '\t' or '\r')) i++;
            words.Add((text[start..i], start));
        }
        return words;
    }

    /// <summary>The parameters modprobe passes when it loads the module: those of every <c>options</c> line for it, in reading order.</summary>
    public IReadOnlyList<string> ParametersFor(string module)
    {
        var name = ModuleNames.Normalize(module);
        return Lines.Where(l => l.Directive == ModprobeDirective.Options && l.Module == name).SelectMany(l => l.Parameters).ToList();
    }

    /// <summary>
    /// The softdep kmod applies to a module: the first <c>softdep</c> line whose (pattern) name matches it.
    /// kmod stops at the first match, so a later softdep for the same module does nothing.
    /// </summary>
    public ModprobeLine? SoftdepFor(string module)
    {
        var name = ModuleNames.Normalize(module);
        return Lines.FirstOrDefault(l => l.Directive == ModprobeDirective.Softdep && l.SyntaxError is null && l.Module is not null && ModuleNames.Matches(l.Module, name));
    }

    /// <summary>The value of the last <c>NAME=</c> parameter for a module (the kernel keeps the last of repeated parameters).</summary>
    public string? ParameterValue(string module, string parameter)
    {
        string? value = null;
        foreach (var item in ParametersFor(module))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? item : item[..eq];
            if (ModuleNames.SameModule(key, parameter)) value = eq < 0 ? "" : item[(eq + 1)..];
        }
        return value;
    }

    public bool IsBlacklisted(string module)
    {
        var name = ModuleNames.Normalize(module);
        return Lines.Any(l => l.Directive == ModprobeDirective.Blacklist && l.Module == name);
    }
}
