using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>Every real /etc/default/grub of the corpus, edited for both CPU vendors and read back by bash.</summary>
public sealed class BootLoaderGrubCorpusTests
{
    public static TheoryData<string> GrubFiles => BootLoaderCorpus.Names("grub");

    [Theory]
    [MemberData(nameof(GrubFiles))]
    public async Task GrubEditor_RealFileIntel_EachParameterOnceOneLineChangedSecondEditEmpty(string name) =>
        await CheckAsync(name, CpuVendor.Intel);

    [Theory]
    [MemberData(nameof(GrubFiles))]
    public async Task GrubEditor_RealFileAmd_EachParameterOnceOneLineChangedSecondEditEmpty(string name) =>
        await CheckAsync(name, CpuVendor.Amd);

    private static async Task CheckAsync(string name, CpuVendor vendor)
    {
        var text = BootLoaderCorpus.Read("grub", name);
        var set = IommuParameters.For(vendor, IommuExtras.None);
        using var fixture = new FixtureRoot().With("etc/default/grub", text);
        var files = GrubDefaultsEditor.ReadFiles(fixture.Root);

        var edit = GrubDefaultsEditor.Edit(files, set);

        Assert.Null(edit.Problem);
        var before = TextChecks.Words(await TextChecks.SourceAsync([fixture.MachinePath("etc/default/grub")], "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT"));
        fixture.Apply(edit.Files);
        var after = TextChecks.Words(await TextChecks.SourceAsync([fixture.MachinePath("etc/default/grub")], "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT"));
        foreach (var wanted in set.Wanted)
            Assert.Equal(1, TextChecks.Count(after, wanted.Parameter.Text));
        // Nothing that was there is lost: the old words are still there, in order.
        Assert.Equal(before, after.Where(w => before.Contains(w) || !set.Wanted.Any(p => p.Parameter.Text == w)).ToList());
        if (edit.Changes)
        {
            var file = Assert.Single(edit.Files);
            Assert.Equal(1, TextChecks.ChangedLines(file.Before!, file.After));
        }
        var again = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), set);
        Assert.Null(again.Problem);
        Assert.False(again.Changes, string.Join("\n", again.Files.Select(f => f.After)));
    }
}
