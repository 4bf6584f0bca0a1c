namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// A kernel command line split into parameters the way the kernel splits it: on spaces, except inside
/// double quotes (<c>acpi_osi="Windows 2019"</c> is one parameter). Everything after a lone <c>--</c> is
/// handed to init, not the kernel, and is kept apart.
/// </summary>
public sealed class KernelCommandLine
{
    private KernelCommandLine(string text, IReadOnlyList<string> parameters, IReadOnlyList<string> initArguments)
    {
        Text = text;
        Parameters = parameters;
        InitArguments = initArguments;
    }

    public string Text { get; }
    public IReadOnlyList<string> Parameters { get; }
    public IReadOnlyList<string> InitArguments { get; }

    public static KernelCommandLine Parse(string? text)
    {
        text ??= "";
        var parameters = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            if (!quoted && char.IsWhiteSpace(c))
            {
                if (current.Length > 0) parameters.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) parameters.Add(current.ToString());
        var separator = parameters.IndexOf("--");
        return separator < 0
            ? new KernelCommandLine(text.Trim(), parameters, [])
            : new KernelCommandLine(text.Trim(), parameters[..separator], parameters[(separator + 1)..]);
    }

    /// <summary>The name of a parameter: the part before the first <c>=</c>.</summary>
    public static string NameOf(string parameter)
    {
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? parameter : parameter[..eq];
    }

    /// <summary>The value of the last occurrence of <paramref name="name"/> (the kernel takes the last), or null.</summary>
    public string? ValueOf(string name)
    {
        for (var i = Parameters.Count - 1; i >= 0; i--)
        {
            var p = Parameters[i];
            if (NameOf(p) == name) return p.Length > name.Length ? p[(name.Length + 1)..].Trim('"') : "";
        }
        return null;
    }

    public bool Contains(string name) => Parameters.Any(p => NameOf(p) == name);

    public override string ToString() => Text;
}
