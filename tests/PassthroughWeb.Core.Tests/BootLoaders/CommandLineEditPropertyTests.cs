using CsCheck;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>Random parameter lists in random GRUB files and cmdline files: read back, idempotence, nothing outside the value changes.</summary>
public sealed class CommandLineEditPropertyTests
{
    private const string Variable = "GRUB_CMDLINE_LINUX_DEFAULT";

    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_."], 1, 10].Select(s => "p" + s);
    private static readonly Gen<string> Value = Gen.String[Gen.Char["abcxyz0129:,/-=.+@%"], 0, 8];

    private static readonly Gen<string> Parameter = Gen.Frequency(
        (4, Gen.Select(Name, Value, Gen.Bool, (n, v, flag) => flag ? n : n + "=" + v)),
        (1, Gen.OneOf("intel_iommu=on", "intel_iommu=off", "intel_iommu=igfx_off", "iommu=pt", "iommu=off", "iommu=1", "amd_iommu=off", "amd_iommu=on", "quiet", "splash", "root=UUID=1-2")));

    private static readonly Gen<string> OtherLine = Gen.OneOf(
        "# comment", "", "GRUB_TIMEOUT=5", "GRUB_CMDLINE_LINUX=\"\"", "#GRUB_CMDLINE_LINUX_DEFAULT=\"intel_iommu=off\"", "  ",
        "GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`", "GRUB_GFXMODE='1024x768' # trailing", "export GRUB_TERMINAL=console");

    /// <summary>A GRUB file: lines before, the assignment (quoting 0 double, 1 single, 2 none), lines after, final newline or not.</summary>
    private static readonly Gen<GrubCase> GrubFile = Gen.Select(
        Parameter.List[0, 8], Gen.Int[0, 2], OtherLine.List[0, 4], OtherLine.List[0, 4], Gen.Bool, Gen.OneOf("", " # note", "  "), Gen.Int[1, 3],
        (parameters, quoting, before, after, finalNewline, trailer, spaces) => new GrubCase(parameters, quoting, before, after, finalNewline, trailer, spaces));

    [Fact]
    public void GrubValue_RenderedParameters_ReadBackAsTheSameList() =>
        GrubFile.SampleRepeatably(c =>
        {
            var value = GrubDefaultsEditor.ValueOf([new ConfigFile(GrubDefaultsEditor.MainFile, c.Text)], Variable);
            Assert.Equal(c.Parameters, TextChecks.Words(value ?? ""));
        }, iter: 300);

    [Fact]
    public void KernelCommandLine_JoinedParameters_TokenizeBackToTheList() =>
        Gen.Select(Parameter.List[0, 10], Gen.Int[1, 3]).SampleRepeatably((parameters, spaces) =>
        {
            var text = string.Join(new string(' ', spaces), parameters);
            Assert.Equal(parameters, KernelCommandLine.Tokenize(text, 0, text.Length).Select(t => t.Text));
            Assert.Equal(parameters.Where(p => p != "--"), KernelCommandLine.Parse(text).Parameters);
        }, iter: 300);

    [Theory]
    [InlineData(CpuVendor.Intel)]
    [InlineData(CpuVendor.Amd)]
    public void GrubEdit_RandomFile_OnlyTheValueChangesAndTwiceEqualsOnce(CpuVendor vendor)
    {
        var set = IommuParameters.For(vendor, IommuExtras.None);
        GrubFile.SampleRepeatably(c =>
        {
            var files = new[] { new ConfigFile(GrubDefaultsEditor.MainFile, c.Text) };
            var edit = GrubDefaultsEditor.Edit(files, set);
            Assert.Null(edit.Problem);
            var after = edit.Files.Count == 0 ? c.Text : Assert.Single(edit.Files).After;

            // Everything before the value's first character and after its last stays byte for byte.
            Assert.Equal(c.Text[..c.ValueStart], after[..c.ValueStart]);
            Assert.Equal(c.Text[c.ValueEnd..], after[(after.Length - (c.Text.Length - c.ValueEnd))..]);

            var words = TextChecks.Words(GrubDefaultsEditor.ValueOf([new ConfigFile(GrubDefaultsEditor.MainFile, after)], Variable) ?? "");
            foreach (var wanted in set.Wanted) Assert.Contains(wanted.Parameter.Text, words);
            Assert.DoesNotContain("iommu=off", words);
            if (vendor == CpuVendor.Intel) Assert.DoesNotContain("intel_iommu=off", words);
            else Assert.DoesNotContain("amd_iommu=off", words);
            // Parameters that neither conflict nor get added keep their order.
            var untouched = c.Parameters.Where(p => !IsIommu(p)).ToList();
            Assert.Equal(untouched, words.Where(w => !IsIommu(w)));

            var again = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, after)], set);
            Assert.False(again.Changes);
        }, iter: 300);
    }

    [Theory]
    [InlineData(CpuVendor.Intel)]
    [InlineData(CpuVendor.Amd)]
    public void LoaderEntryEdit_RandomOptions_OnlyTheOptionsValueChangesAndTwiceEqualsOnce(CpuVendor vendor)
    {
        var set = IommuParameters.For(vendor, IommuExtras.None);
        Gen.Select(Parameter.List[0, 8], Gen.OneOf(" ", "\t", "   "), Gen.Bool, Gen.OneOf("", "   ", "\t")).SampleRepeatably((parameters, separator, finalNewline, trailing) =>
        {
            var head = $"title{separator}Linux\nlinux{separator}/vmlinuz\noptions{separator}";
            // Blanks after an empty value are where the value starts; they are only "after the value" once there is one.
            var tail = (parameters.Count > 0 ? trailing : "") + "\n# comment" + (finalNewline ? "\n" : "");
            var text = head + string.Join(' ', parameters) + tail;
            var edit = LoaderEntryEditor.Edit([new ConfigFile("/boot/loader/entries/l.conf", text)], set);
            var after = edit.Files.Count == 0 ? text : Assert.Single(edit.Files).After;

            Assert.StartsWith(head, after, StringComparison.Ordinal);
            Assert.EndsWith(tail, after, StringComparison.Ordinal);
            Assert.Equal(1, TextChecks.ChangedLines(text, after) + (after == text ? 1 : 0));
            var again = LoaderEntryEditor.Edit([new ConfigFile("/boot/loader/entries/l.conf", after)], set);
            Assert.Empty(again.Files);
        }, iter: 300);
    }

    [Fact]
    public void KernelParameterCheck_RandomText_AcceptsOnlySafeCharacters() =>
        Gen.String[Gen.Char["ab=_-.,:/ \"';|&$`<>(){}\\*?!#~\n\t\u0001é"], 1, 12].SampleRepeatably(text =>
        {
            if (KernelParameter.Check(text) is not null) return;
            Assert.DoesNotContain(text, c => ";|&$`<>(){}\\*?!#~'\n\t\u0001é".Contains(c, StringComparison.Ordinal));
            Assert.True(!text.Contains(' ', StringComparison.Ordinal) || text.EndsWith('"'));
        }, iter: 2000);

    private static bool IsIommu(string parameter) => KernelCommandLine.NameOf(parameter) is "intel_iommu" or "iommu" or "amd_iommu";

    private sealed record GrubCase(List<string> Parameters, int Quoting, List<string> Before, List<string> After, bool FinalNewline, string Trailer, int Spaces)
    {
        private string Prefix => string.Concat(Before.Select(l => l + "\n")) + Variable + "=";

        private string Word => Quoting switch
        {
            0 => "\"" + string.Join(new string(' ', Spaces), Parameters) + "\"",
            1 => "'" + string.Join(new string(' ', Spaces), Parameters) + "'",
            _ => string.Join("\\ ", Parameters),
        };

        public string Text => Prefix + Word + Trailer + (After.Count > 0 ? "\n" + string.Join('\n', After) : "") + (FinalNewline ? "\n" : "");

        public int ValueStart => Prefix.Length + (Quoting == 2 ? 0 : 1);

        public int ValueEnd => Prefix.Length + Word.Length - (Quoting == 2 ? 0 : 1);
    }
}
