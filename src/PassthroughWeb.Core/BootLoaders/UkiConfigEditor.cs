namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Reads and edits <c>/etc/kernel/uki.conf</c> (ukify's config): the <c>Cmdline=</c> key of its <c>[UKI]</c> section.
/// A value starting with <c>@</c> names a file holding the command line; that file is edited instead.
/// </summary>
public static class UkiConfigEditor
{
    public const string Path = "/etc/kernel/uki.conf";

    /// <summary>The raw Cmdline= value of the [UKI] section, or null when there is none.</summary>
    public static string? CmdlineOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Find(text) is { } found ? text[found.Start..found.End].Trim() : null;
    }

    /// <summary>The file Cmdline=@FILE points at, or null when the value is literal or missing.</summary>
    public static string? CmdlineFileOf(string text)
    {
        var value = CmdlineOf(text);
        return value is { Length: > 1 } && value[0] == '@' ? value[1..].Trim() : null;
    }

    public static CommandLineEdit Edit(ConfigFile file, IommuParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(set);
        if (file.Text is not { } text || Find(text) is not { } found)
            return CommandLineEdit.Refused($"{file.Path} has no Cmdline= in its [UKI] section.");
        if (CmdlineFileOf(text) is { } other)
            return CommandLineEdit.Refused($"{file.Path} takes the command line from {other}; that file is the one to edit.");
        var result = RegionEditor.Edit([text], [new CommandLineRegion(0, found.Start, found.End)], set);
        if (result.UnclosedQuote is not null) return CommandLineEdit.Refused(result.UnclosedQuoteProblem($"Cmdline= in {file.Path}"));
        return new CommandLineEdit
        {
            Files = result.Texts[0] == text ? [] : [EditSupport.Change(file, result.Texts[0], "Adds the IOMMU parameters to Cmdline=, which ukify embeds in the unified kernel image it builds.")],
            Notes = result.Notes,
            Target = $"Cmdline= in {file.Path}",
            CommandLineBefore = text[found.Start..found.End].Trim(),
        };
    }

    private static (int Start, int End)? Find(string text)
    {
        var section = "";
        (int, int)? found = null;
        foreach (var line in TextLine.Split(text))
        {
            var start = line.ContentStart(text);
            if (start >= line.End || text[start] is '#' or ';') continue;
            if (text[start] == '[')
            {
                section = text[start..line.End].Trim();
                continue;
            }
            var eq = text.IndexOf('=', start, line.End - start);
            if (eq < 0 || section != "[UKI]" || text[start..eq].Trim() != "Cmdline") continue;
            var value = eq + 1;
            while (value < line.End && text[value] is ' ' or '\t') value++;
            found = (value, line.End);
        }
        return found;
    }
}
