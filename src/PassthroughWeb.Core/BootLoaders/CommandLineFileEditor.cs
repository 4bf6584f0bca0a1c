namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Edits files that hold nothing but a command line: <c>/etc/kernel/cmdline</c> (kernel-install, UKI builders,
/// Proxmox) and <c>/etc/cmdline.d/*.conf</c> (mkinitcpio UKIs). Several lines and several files make one command line;
/// lines starting with # are comments. New parameters go after the last parameter of the last line that has any.
/// </summary>
public static class CommandLineFileEditor
{
    public static CommandLineEdit Edit(IReadOnlyList<ConfigFile> files, IommuParameterSet set, string reason)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(set);
        if (files.Count == 0) throw new ArgumentException("At least one file is needed (it may not exist yet).", nameof(files));
        var texts = files.Select(f => f.Text ?? "").ToList();
        var regions = new List<CommandLineRegion>();
        for (var f = 0; f < texts.Count; f++)
        {
            foreach (var line in TextLine.Split(texts[f]))
            {
                if (!line.IsBlankOrComment(texts[f])) regions.Add(new CommandLineRegion(f, line.Start, line.End));
            }
        }
        var result = RegionEditor.Edit(texts, regions, set);
        if (result.UnclosedQuote is not null)
            return CommandLineEdit.Refused(result.UnclosedQuoteProblem(string.Join(", ", files.Where(f => f.Text?.Contains('"', StringComparison.Ordinal) == true).Select(f => f.Path))));
        var after = result.Texts.ToList();
        if (result.Unplaced.Count > 0)
        {
            // No parameter line anywhere: the last file gets one.
            var last = after.Count - 1;
            var text = after[last];
            var addition = string.Join(' ', result.Unplaced.Select(p => p.Text));
            after[last] = text + (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + addition + "\n";
        }
        var changes = new List<Changes.FileChange>();
        for (var f = 0; f < files.Count; f++)
        {
            if (after[f] == texts[f] && files[f].Text is not null) continue;
            if (files[f].Text is null && after[f].Length == 0) continue;
            changes.Add(EditSupport.Change(files[f], after[f], reason));
        }
        var target = regions.Count > 0 ? files[regions[^1].File].Path : files[^1].Path;
        return new CommandLineEdit
        {
            Files = changes,
            Notes = result.Notes,
            Target = target,
            CommandLineBefore = string.Join(' ', regions.SelectMany(r => KernelCommandLine.Tokenize(texts[r.File], r.Start, r.End)).Select(t => t.Text)),
        };
    }
}
