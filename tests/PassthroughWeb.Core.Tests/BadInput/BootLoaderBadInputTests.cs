using CsCheck;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// GRUB defaults files, systemd-boot loader entries, kernel command-line files and command lines, damaged and random:
/// the editors never throw, and what they would write reads back, is complete and is stable (editing it again changes
/// nothing); lines that hold no command line stay byte for byte.
/// </summary>
public sealed class BootLoaderBadInputTests
{
    private static readonly IommuParameterSet Intel = IommuParameters.For(CpuVendor.Intel, IommuExtras.None);
    private static readonly IommuParameterSet Amd = IommuParameters.For(CpuVendor.Amd, IommuExtras.None);

    private static readonly string[] CommandLineTokens =
    [
        "intel_iommu=on", "intel_iommu=off", "amd_iommu=off", "iommu=pt", "iommu=off", "quiet", "splash", "--", "\"a b\"",
        "root=UUID=0f1e", "vfio-pci.ids=10de:1b80,10de:10f0", "pcie_acs_override=downstream,multifunction", "acpi_osi=\"Windows 2019\"",
    ];

    private static readonly IReadOnlyList<string> GrubSeeds = InputMutation.Seeds(["grub", "grub.d"],
        "GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n",
        "GRUB_CMDLINE_LINUX='rd.lvm.lv=fedora/root rhgb quiet'\nGRUB_ENABLE_BLSCFG=true\n");

    private static readonly IReadOnlyList<string> EntrySeeds = InputMutation.Seeds(["systemd-boot"],
        "title   Arch Linux\nlinux   /vmlinuz-linux\ninitrd  /initramfs-linux.img\noptions root=UUID=0f1e rw quiet\n");

    private static readonly IReadOnlyList<string> CmdlineSeeds = InputMutation.Seeds(["kernel-cmdline"],
        "root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\n");

    private static readonly Gen<string> Grub = InputMutation.Of(GrubSeeds,
    [
        "GRUB_CMDLINE_LINUX_DEFAULT=", "GRUB_CMDLINE_LINUX=", "GRUB_CMDLINE_LINUX_DEFAULT+=", "GRUB_ENABLE_BLSCFG=true", "export ",
        "if [ -x /x ]; then\n", "fi\n", "$GRUB_CMDLINE_LINUX", "${GRUB_CMDLINE_LINUX_DEFAULT}", "$(echo x)", "f() { x=1; }\n", "case $a in\n", "<<EOF\n", .. CommandLineTokens,
    ]);

    private static readonly Gen<string> Entry = InputMutation.Of(EntrySeeds, ["options ", "linux ", "efi ", "title ", "initrd ", "uki ", .. CommandLineTokens]);

    private static readonly Gen<string> Cmdline = InputMutation.Of(CmdlineSeeds, ["# ", .. CommandLineTokens]);

    [Fact]
    public void GrubDefaultsEditor_BadFiles_NeverThrowsAndWhatItWritesIsStable() =>
        Gen.Select(Grub, Gen.Bool).SampleRepeatably((text, intel) =>
        {
            var set = intel ? Intel : Amd;
            var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], set);
            if (edit.Problem is not null || !edit.Changes) return;
            var after = Assert.Single(edit.Files).After;
            var files = new[] { new ConfigFile(GrubDefaultsEditor.MainFile, after) };

            var again = GrubDefaultsEditor.Edit(files, set);
            Assert.Null(again.Problem);
            Assert.False(again.Changes, "editing the edited file changes it again");
            var words = TextChecks.Words((GrubDefaultsEditor.ValueOf(files, GrubDefaultsEditor.LinuxVariable) ?? "") + " " + (GrubDefaultsEditor.ValueOf(files, GrubDefaultsEditor.DefaultVariable) ?? ""));
            foreach (var wanted in set.Wanted) Assert.Contains(wanted.Parameter.Text, words);
            AssertOnlyCommandLineLinesChanged(text, after, "GRUB_CMDLINE_LINUX");
        }, iter: InputMutation.Cases, print: t => InputMutation.Escape(t.Item1));

    [Fact]
    public async Task GrubDefaultsEditor_BadFilesBashCanSource_BashReadsTheWantedParametersAfterTheEdit()
    {
        // bash is the judge here (grub-mkconfig sources the file); a few hundred cases keep the run short.
        var cases = new List<string>();
        Grub.SampleRepeatably(text =>
        {
            var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], Intel);
            // A file on disk holds neither NULs bash would drop nor lone surrogates UTF-8 cannot encode.
            if (edit.Problem is null && edit.Changes && !text.Any(c => c == '\0' || char.IsSurrogate(c)))
            {
                lock (cases) cases.Add(text);
            }
        }, iter: 3_000, threads: 1);
        var directory = Directory.CreateTempSubdirectory("pw-grub-fuzz-").FullName;
        try
        {
            foreach (var text in cases.Take(250))
            {
                var before = Path.Combine(directory, "before");
                var after = Path.Combine(directory, "after");
                await File.WriteAllTextAsync(before, text, TestContext.Current.CancellationToken);
                await File.WriteAllTextAsync(after, Assert.Single(GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], Intel).Files).After, TestContext.Current.CancellationToken);
                if (!await SourcesCleanlyAsync(before)) continue;
                Assert.True(await SourcesCleanlyAsync(after), "bash sourced the file before the edit but not after it: " + InputMutation.Escape(text));
                // Split as the kernel splits (any blank, \r included).
                var words = (await TextChecks.SourceAsync([after], GrubDefaultsEditor.LinuxVariable, GrubDefaultsEditor.DefaultVariable)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                Assert.True(words.Contains("intel_iommu=on") && words.Contains("iommu=pt"), $"bash reads '{string.Join(' ', words)}' from the edited {InputMutation.Escape(text)}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void LoaderEntryEditor_BadEntries_NeverThrowsAndWhatItWritesIsStable() =>
        Gen.Select(Entry, Gen.Bool).SampleRepeatably((text, intel) =>
        {
            var set = intel ? Intel : Amd;
            var entry = new ConfigFile("/boot/loader/entries/arch.conf", text);
            var edit = LoaderEntryEditor.Edit([entry], set);
            if (edit.Problem is not null || !edit.Changes) return;
            var after = Assert.Single(edit.Files).After;

            var again = LoaderEntryEditor.Edit([entry with { Text = after }], set);
            Assert.Null(again.Problem);
            Assert.False(again.Changes, "editing the edited entry changes it again");
            var options = TextLine.Split(after).Where(l => LoaderEntryEditor.Key(after, l).Name == "options")
                .SelectMany(l => KernelCommandLine.Tokenize(after, LoaderEntryEditor.Key(after, l).ValueStart, l.End)).Select(t => t.Text).ToList();
            foreach (var wanted in set.Wanted) Assert.Contains(wanted.Parameter.Text, options);
            AssertOnlyCommandLineLinesChanged(text, after, "options");
        }, iter: InputMutation.Cases, print: t => InputMutation.Escape(t.Item1));

    [Fact]
    public void CommandLineFileEditor_BadCmdlineFiles_NeverThrowsAndWhatItWritesIsStable() =>
        Gen.Select(Cmdline, Gen.Bool).SampleRepeatably((text, intel) =>
        {
            var set = intel ? Intel : Amd;
            var file = new ConfigFile("/etc/kernel/cmdline", text);
            var edit = CommandLineFileEditor.Edit([file], set, "test");
            if (edit.Problem is not null || !edit.Changes) return;
            var after = Assert.Single(edit.Files).After;

            var again = CommandLineFileEditor.Edit([file with { Text = after }], set, "test");
            Assert.Null(again.Problem);
            Assert.False(again.Changes, "editing the edited file changes it again");
            AssertOnlyCommandLineLinesChanged(text, after, null);
        }, iter: InputMutation.Cases, print: t => InputMutation.Escape(t.Item1));

    [Fact]
    public void KernelCommandLine_BadText_SplitsWithoutLosingACharacter() =>
        InputMutation.Of(CmdlineSeeds, CommandLineTokens).SampleRepeatably(text =>
        {
            var parsed = KernelCommandLine.Parse(text);
            // Splitting drops only blanks (and the lone "--"): the pieces are found in the text, in order.
            var cursor = 0;
            foreach (var piece in parsed.Parameters.Concat(parsed.InitArguments))
            {
                Assert.False(string.IsNullOrEmpty(piece));
                var at = text.IndexOf(piece, cursor, StringComparison.Ordinal);
                Assert.True(at >= 0, $"'{InputMutation.Escape(piece)}' is not in the text after position {cursor}");
                cursor = at + piece.Length;
            }
            foreach (var token in KernelCommandLine.Tokenize(text, 0, text.Length))
                Assert.Equal(text[token.Start..token.End], token.Text);
            foreach (var parameter in parsed.Parameters)
            {
                if (KernelParameter.TryParse(parameter, out var problem) is null) Assert.False(string.IsNullOrWhiteSpace(problem));
            }
        }, iter: InputMutation.Cases, print: InputMutation.Escape);

    [Fact]
    public void KernelParameter_RandomText_AcceptedOnesReadBackAsThemselves() =>
        InputMutation.Of(["intel_iommu=on", "vfio-pci.ids=10de:1b80", "acpi_osi=\"Windows 2019\"", "quiet"], CommandLineTokens).SampleRepeatably(text =>
        {
            var parameter = KernelParameter.TryParse(text, out var problem);
            if (parameter is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(problem));
                return;
            }
            Assert.Equal(parameter.Text, KernelParameter.Parse(parameter.Text).Text);
            Assert.Equal([parameter.Text], KernelCommandLine.Parse(parameter.Text).Parameters);
        }, iter: InputMutation.Cases, print: InputMutation.Escape);

    /// <summary>
    /// Lines that carry no kernel parameter stay byte for byte: the edit touches at most one line per parameter it
    /// fixes, plus one per line that sets the command line (<paramref name="key"/>: each assignment gets the additions), plus one.
    /// </summary>
    private static void AssertOnlyCommandLineLinesChanged(string before, string after, string? key)
    {
        // A last line without its newline gets one when a line is added after it: that is not a change to the line.
        if (!before.EndsWith('\n') && after.StartsWith(before + "\n", StringComparison.Ordinal)) before += "\n";
        var changed = TextChecks.ChangedLines(before, after);
        var fixable = before.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => KernelCommandLine.NameOf(w.Trim('"', '\'')) is "intel_iommu" or "amd_iommu" or "iommu");
        var settings = key is null ? 0 : before.Split('\n').Count(l => l.Contains(key, StringComparison.Ordinal));
        // After a last line continued with a backslash, a new line needs an empty line first, or bash joins them.
        var continued = before.TrimEnd('\n').Reverse().TakeWhile(c => c == '\\').Count() % 2 == 1 ? 1 : 0;
        Assert.True(changed <= fixable + Math.Max(1, settings) + continued, $"{changed} lines changed for {fixable} parameters to fix: {InputMutation.Escape(before)} → {InputMutation.Escape(after)}");
    }

    private static async Task<bool> SourcesCleanlyAsync(string file)
    {
        var result = await new Core.Host.ProcessCommandRunner().RunAsync(
            new Core.Host.CommandRequest("bash", ["-c", "source \"$1\" >/dev/null 2>&1", "bash", file]) { Timeout = TimeSpan.FromSeconds(10) },
            TestContext.Current.CancellationToken);
        return result.Succeeded;
    }
}
