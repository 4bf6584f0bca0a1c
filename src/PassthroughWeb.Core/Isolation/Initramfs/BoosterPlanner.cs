using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// booster (Arch): <c>/etc/booster.yaml</c> is parsed as YAML; <c>modules_force_load</c> is a comma-separated string
/// of modules loaded before user space, so the vfio modules go to its front, ahead of any GPU driver. Only that
/// value's characters are rewritten: every other key, comment and blank line stays as it was.
/// booster has no boot-time hook that could run a script, so binding by address cannot be done with it; booster
/// copies the <c>options</c> lines of /etc/modprobe.d into its init configuration by itself.
/// Regeneration: <c>booster build --force --kernel-version KVER /boot/booster-NAME.img</c> per kernel, NAME being
/// the kernel's pkgbase — the same command Arch's <c>/usr/lib/booster/regenerate_images</c> runs, written out per
/// kernel so the plan shows each image it rebuilds and does not depend on pacman being there to query.
/// </summary>
public sealed class BoosterPlanner : IInitramfsPlanner
{
    public const string Config = "/etc/booster.yaml";
    public const string Key = "modules_force_load";

    public InitramfsSystem System => InitramfsSystem.Booster;

    /// <summary>The image booster builds for a kernel, as Arch's regenerate script names it.</summary>
    public static string ImagePath(InstalledKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return $"/boot/booster-{kernel.PackageBase ?? kernel.Version}.img";
    }

    public InitramfsPlan Plan(HostRoot root, InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(kernels);
        var findings = new List<InitramfsFinding>();
        var changes = new List<FileChange>();
        var notes = new List<string>
        {
            "booster copies the options lines of /etc/modprobe.d into the image itself; softdep lines do nothing there, the order comes from modules_force_load.",
        };
        if (payload.AddressBindings.Count > 0)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, null,
                "booster has no boot-time hook to run a script, so devices cannot be bound by address before their drivers load. Bind by ID, or switch this host to mkinitcpio or dracut."));
        }

        var before = InitramfsText.Read(root, Config);
        var after = PlanConfig(before, payload, findings);
        if (after is not null && after != before && !ForceLoads(after, payload))
        {
            // The edit is made on the text, to keep the user's formatting; booster reads it as YAML. When the YAML of the
            // result does not say what the edit meant (several documents, odd indentation, tags), nothing is written.
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, null,
                $"booster.yaml could not be edited safely: after the edit its YAML would not force-load {string.Join(',', payload.Modules)}. Add `{Key}: {string.Join(',', payload.Modules)}` by hand."));
            after = null;
        }
        if (after is not null)
            InitramfsText.AddChange(changes, Config, before, after, "Force-load vfio-pci, vfio and vfio_iommu_type1 at boot, ahead of the GPU drivers.", InitramfsText.Regular);

        if (kernels.Count == 0)
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, "/usr/lib/modules", null, "No installed kernel was found, so no booster image can be rebuilt."));
        var commands = kernels.Select(k => new CommandStep(
            new CommandRequest("booster", ["build", "--force", "--kernel-version", k.Version, ImagePath(k)]),
            $"Rebuild {ImagePath(k)} for kernel {k.Version}.")).ToList();

        var plan = InitramfsText.EmptyOr(changes, commands,
            "booster: force-load vfio-pci, vfio and vfio_iommu_type1 from /etc/booster.yaml ahead of the GPU drivers, then rebuild each kernel's image.",
            notes);
        return new InitramfsPlan
        {
            System = System,
            Plan = plan,
            Findings = findings,
            Expectation = new ImageExpectation { Modules = [.. payload.Modules.Select(InitramfsText.NormalizeModule)], Files = [] },
        };
    }

    /// <summary>Whether booster, reading <paramref name="text"/> as YAML, force-loads every module of the payload.</summary>
    private static bool ForceLoads(string text, InitramfsPayload payload)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping) return false;
            var values = mapping.Children.Where(c => c.Key is YamlScalarNode { Value: Key }).Select(c => c.Value).ToList();
            if (values.Count != 1 || values[0] is not YamlScalarNode { Value: { } value }) return false;
            var loaded = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(InitramfsText.NormalizeModule).ToHashSet(StringComparer.Ordinal);
            return payload.Modules.All(m => loaded.Contains(InitramfsText.NormalizeModule(m)));
        }
        catch (Exception e) when (IsMalformedYaml(e))
        {
            return false;
        }
    }

    /// <summary>
    /// YamlDotNet reports some malformed documents outside <see cref="YamlException"/>: an unclosed flow sequence as an
    /// <see cref="InvalidOperationException"/>, a global tag that is not a URI ("!!z.[") as an <see cref="ArgumentException"/>.
    /// </summary>
    private static bool IsMalformedYaml(Exception e) => e is YamlException or InvalidOperationException or ArgumentException;

    /// <summary>The whole new text, or null when the file cannot be edited safely (a finding says why).</summary>
    private static string? PlanConfig(string? text, InitramfsPayload payload, List<InitramfsFinding> findings)
    {
        var line = Key + ": " + string.Join(',', payload.Modules);
        // Only the blanks YAML itself skips: a no-break space is content to YAML, and would become part of the key.
        if (text is null || text.All(c => c is ' ' or '\t' or '\r' or '\n')) return (text ?? "") + line + "\n";

        YamlStream stream;
        try
        {
            stream = new YamlStream();
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, (int)e.Start.Line, $"booster.yaml is not valid YAML ({e.Message}); booster itself would refuse it. Fix it first."));
            return null;
        }
        catch (Exception e) when (IsMalformedYaml(e))
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, null, $"booster.yaml is not valid YAML ({e.Message}); booster itself would refuse it. Fix it first."));
            return null;
        }
        if (stream.Documents.Count == 0) return text + (text.EndsWith('\n') ? "" : "\n") + line + "\n";
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, 1, "booster.yaml is not a mapping of keys to values."));
            return null;
        }

        var entry = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: Key });
        if (entry.Key is null) return text + (text.EndsWith('\n') ? "" : "\n") + line + "\n";
        if (entry.Value is not YamlScalarNode value)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Blocking, Config, (int)entry.Key.Start.Line,
                "modules_force_load must be a comma-separated string (booster reads it as one string), not a YAML list or mapping."));
            return null;
        }

        var current = (value.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var drivers = InitramfsText.DriversBeforeVfio(payload).ToHashSet(StringComparer.Ordinal);
        var firstDriver = current.FindIndex(m => drivers.Contains(InitramfsText.NormalizeModule(m)));
        var movedIndexes = new List<int>();
        var missing = new List<string>();
        foreach (var module in payload.Modules)
        {
            var index = current.FindIndex(m => InitramfsText.NormalizeModule(m) == InitramfsText.NormalizeModule(module));
            if (index >= 0 && (firstDriver < 0 || index < firstDriver)) continue;
            if (index >= 0) movedIndexes.Add(index);
            else missing.Add(module);
        }
        movedIndexes.Sort();
        var wanted = movedIndexes.Select(i => current[i]).Concat(missing).ToList();
        if (movedIndexes.Count > 0)
        {
            findings.Add(new InitramfsFinding(InitramfsFindingSeverity.Warning, Config, (int)value.Start.Line,
                $"{current[firstDriver]} is force-loaded before {string.Join(',', movedIndexes.Select(i => current[i]))}: the GPU driver can claim the card first. The plan moves the vfio modules ahead of it."));
        }
        foreach (var index in Enumerable.Reverse(movedIndexes)) current.RemoveAt(index);
        if (wanted.Count == 0) return text;
        var insertAt = firstDriver < 0 ? current.Count : current.FindIndex(m => drivers.Contains(InitramfsText.NormalizeModule(m)));
        current.InsertRange(insertAt, wanted);
        var newValue = string.Join(',', current);

        var start = (int)value.Start.Index;
        var end = (int)value.End.Index;
        if (end <= start)
        {
            // An empty value (`modules_force_load:`): write it after the colon.
            return text[..start] + (start > 0 && text[start - 1] == ':' ? " " : "") + newValue + text[start..];
        }
        // Module names need no quoting; a quoted value keeps its quotes.
        var raw = text[start..end];
        var replacement = raw.Length >= 2 && (raw[0] is '"' or '\'') && raw[^1] == raw[0] ? raw[0] + newValue + raw[0] : newValue;
        return text[..start] + replacement + text[end..];
    }
}
