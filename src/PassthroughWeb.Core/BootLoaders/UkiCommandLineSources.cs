using System.Text.RegularExpressions;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Where the command line embedded in unified kernel images comes from: kernel-install (install.conf layout=uki, with
/// uki.conf's Cmdline=), mkinitcpio presets (<c>*_uki=</c>, with <c>--cmdline FILE</c> or /etc/kernel/cmdline or
/// /etc/cmdline.d/*.conf) or dracut (uefi=yes, with kernel_cmdline= or /etc/kernel/cmdline). Each group of files is one
/// command line: two mkinitcpio presets can each embed their own.
/// </summary>
public sealed partial record UkiCommandLineSources
{
    public const string CmdlineDirectory = "/etc/cmdline.d";

    public required UkiBuilder Builder { get; init; }

    /// <summary>Groups of host paths; the files of one group make one command line (a file may not exist yet).</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Groups { get; init; }

    public required IReadOnlyList<BootEvidence> Evidence { get; init; }

    /// <summary>Why the command line cannot be edited here (dracut's kernel_cmdline= in a shell config), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>What kernel-install hands the UKI build to (install.conf uki_generator=), for the rebuild command.</summary>
    public string? KernelInstallGenerator { get; init; }

    public static UkiCommandLineSources Find(HostRoot root, List<string>? looked = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        looked ??= [];
        var evidence = new List<BootEvidence>();
        var groups = new List<IReadOnlyList<string>>();
        string? problem = null;
        var builder = UkiBuilder.None;
        string? generator = null;

        foreach (var path in new[] { "/etc/kernel/install.conf", "/usr/lib/kernel/install.conf" })
        {
            looked.Add(path);
            if (root.TryReadText(path) is not { } install) continue;
            var values = KeyValues(install);
            if (values.GetValueOrDefault("layout") == "uki")
            {
                builder = UkiBuilder.KernelInstall;
                generator = values.GetValueOrDefault("uki_generator");
                evidence.Add(new BootEvidence(path, $"kernel-install builds unified kernel images (layout=uki{(generator is null ? "" : $", uki_generator={generator}")})"));
                looked.Add(UkiConfigEditor.Path);
                var uki = root.TryReadText(UkiConfigEditor.Path);
                var cmdline = uki is null ? null : UkiConfigEditor.CmdlineOf(uki);
                if (cmdline is not null && UkiConfigEditor.CmdlineFileOf(uki!) is { } file)
                {
                    groups.Add([file]);
                    evidence.Add(new BootEvidence(UkiConfigEditor.Path, $"Cmdline=@{file}: the images embed that file's command line"));
                }
                else if (cmdline is not null)
                {
                    groups.Add([UkiConfigEditor.Path]);
                    evidence.Add(new BootEvidence(UkiConfigEditor.Path, "Cmdline= holds the command line the images embed"));
                }
                else groups.Add([BootLoaderDetector.KernelCmdlineFile]);
            }
            else if (values.TryGetValue("layout", out var layout))
            {
                evidence.Add(new BootEvidence(path, $"kernel-install layout={layout}"));
            }
            break;
        }

        looked.Add("/etc/mkinitcpio.d/*.preset");
        foreach (var name in root.ListNames("/etc/mkinitcpio.d").Where(n => n.EndsWith(".preset", StringComparison.Ordinal)))
        {
            var path = $"/etc/mkinitcpio.d/{name}";
            if (root.TryReadText(path) is not { } text) continue;
            var script = ShellScript.Read(text, 0);
            if (script.Problem is not null) continue;
            var assignments = script.Assignments.Where(a => !a.InFunction).ToList();
            foreach (var preset in Presets(text))
            {
                if (!assignments.Any(a => a.Name == $"{preset}_uki")) continue;
                if (builder == UkiBuilder.None) builder = UkiBuilder.Mkinitcpio;
                var options = assignments.LastOrDefault(a => a.Name == $"{preset}_options");
                var optionText = options is null ? "" : new string(options.Pieces.Where(p => p.Kind == ShellPieceKind.Literal).Select(p => p.Char).ToArray());
                var words = optionText.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                var at = Array.IndexOf(words, "--cmdline");
                if (at >= 0 && at + 1 < words.Length)
                {
                    groups.Add([words[at + 1]]);
                    evidence.Add(new BootEvidence(path, $"the preset '{preset}' builds a unified kernel image with the command line of {words[at + 1]}"));
                }
                else
                {
                    groups.Add(MkinitcpioDefaultSources(root));
                    evidence.Add(new BootEvidence(path, $"the preset '{preset}' builds a unified kernel image"));
                }
            }
        }

        var dracutFiles = new List<ConfigFile>();
        looked.Add("/etc/dracut.conf");
        looked.Add("/etc/dracut.conf.d/*.conf");
        if (root.TryReadText("/etc/dracut.conf") is { } main) dracutFiles.Add(new ConfigFile("/etc/dracut.conf", main));
        foreach (var name in root.ListNames("/etc/dracut.conf.d").Where(n => n.EndsWith(".conf", StringComparison.Ordinal)))
        {
            if (root.TryReadText($"/etc/dracut.conf.d/{name}") is { } text) dracutFiles.Add(new ConfigFile($"/etc/dracut.conf.d/{name}", text));
        }
        if (dracutFiles.Count > 0)
        {
            var scripts = dracutFiles.Select((f, i) => ShellScript.Read(f.Text!, i)).ToList();
            var evaluator = new ShellEvaluator(scripts.Where(s => s.Problem is null));
            if (evaluator.TextOf("uefi") == "yes")
            {
                if (builder == UkiBuilder.None) builder = UkiBuilder.Dracut;
                var uefiFile = LastFileAssigning(dracutFiles, scripts, "uefi");
                evidence.Add(new BootEvidence(uefiFile, "dracut builds unified kernel images (uefi=yes)"));
                var kernelCmdline = LastFileAssigning(dracutFiles, scripts, "kernel_cmdline");
                if (evaluator.IsAssigned("kernel_cmdline"))
                {
                    problem = $"dracut takes the images' command line from kernel_cmdline= in {kernelCmdline}; add the parameters to that value by hand, then run dracut --regenerate-all -f --uefi.";
                    evidence.Add(new BootEvidence(kernelCmdline, "kernel_cmdline= sets the images' command line"));
                }
                else groups.Add([BootLoaderDetector.KernelCmdlineFile]);
            }
        }

        var distinct = new List<IReadOnlyList<string>>();
        foreach (var g in groups)
        {
            if (!distinct.Any(d => d.SequenceEqual(g, StringComparer.Ordinal))) distinct.Add(g);
        }
        return new UkiCommandLineSources { Builder = builder, Groups = distinct, Evidence = evidence, Problem = problem, KernelInstallGenerator = generator };
    }

    /// <summary>mkinitcpio's own order: /etc/kernel/cmdline, else /etc/cmdline.d/*.conf, else (created) /etc/kernel/cmdline.</summary>
    private static List<string> MkinitcpioDefaultSources(HostRoot root)
    {
        if (HostFiles.FileExists(root, BootLoaderDetector.KernelCmdlineFile)) return [BootLoaderDetector.KernelCmdlineFile];
        var dropIns = root.ListNames(CmdlineDirectory).Where(n => n.EndsWith(".conf", StringComparison.Ordinal)).Select(n => $"{CmdlineDirectory}/{n}").ToList();
        return dropIns.Count > 0 ? dropIns : [BootLoaderDetector.KernelCmdlineFile];
    }

    private static string LastFileAssigning(List<ConfigFile> files, List<ShellScript> scripts, string name)
    {
        for (var i = scripts.Count - 1; i >= 0; i--)
        {
            if (scripts[i].Assignments.Any(a => a.Name == name)) return files[i].Path;
        }
        return files[0].Path;
    }

    private static Dictionary<string, string> KeyValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0) continue;
            values[line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"', '\'');
        }
        return values;
    }

    /// <summary>The names in PRESETS=('a' 'b') or PRESETS="a b" (the last uncommented assignment).</summary>
    private static List<string> Presets(string text)
    {
        var names = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var match = PresetsPattern().Match(raw);
            if (!match.Success) continue;
            names = match.Groups[1].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim('\'', '"')).ToList();
        }
        return names;
    }

    [GeneratedRegex(@"^\s*PRESETS=[(""']?\s*([^)#]*?)\s*[)""']?\s*(#.*)?$")]
    private static partial Regex PresetsPattern();
}
