using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>Every real /etc/default/grub and grub.d drop-in of the corpus, planned for both CPU vendors and read back by bash.</summary>
public sealed class BootLoaderGrubCorpusTests
{
    private static readonly string[] Variables = ["GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT"];

    public static TheoryData<string> GrubFiles => BootLoaderCorpus.Names("grub");

    public static TheoryData<string> DropIns => BootLoaderCorpus.Names("grub.d");

    [Theory]
    [MemberData(nameof(GrubFiles))]
    public async Task Plan_RealGrubFileIntel_EachParameterOnceOneLineChangedSecondPlanEmpty(string name) =>
        await CheckAsync(BootLoaderCorpus.Read("grub", name), [], CpuVendor.Intel);

    [Theory]
    [MemberData(nameof(GrubFiles))]
    public async Task Plan_RealGrubFileAmd_EachParameterOnceOneLineChangedSecondPlanEmpty(string name) =>
        await CheckAsync(BootLoaderCorpus.Read("grub", name), [], CpuVendor.Amd);

    [Theory]
    [MemberData(nameof(DropIns))]
    public async Task Plan_RealDropInAfterUbuntuStockFile_EffectiveValueHasEachParameterOnce(string name)
    {
        var main = BootLoaderCorpus.Read("grub", "ClementCastel-ubuntu2204-stock.grub");
        await CheckAsync(main, [(name, BootLoaderCorpus.Read("grub.d", name))], CpuVendor.Intel);
    }

    [Fact]
    public async Task Plan_UbuntuCloudImageDropIns_CloudSettingsFileEdited()
    {
        var main = BootLoaderCorpus.Read("grub", "ClementCastel-ubuntu2204-stock.grub");
        var files = new List<(string, string)>
        {
            ("50-cloudimg-settings.cfg", BootLoaderCorpus.Read("grub.d", "ClementCastel-ubuntu2204-50-cloudimg-settings.cfg")),
            ("init-select.cfg", BootLoaderCorpus.Read("grub.d", "ClementCastel-ubuntu2204-init-select.cfg")),
        };

        var plan = await CheckAsync(main, files, CpuVendor.Amd);

        Assert.Equal("/etc/default/grub.d/50-cloudimg-settings.cfg", Assert.Single(plan.Files).Path);
    }

    [Fact]
    public async Task Plan_KaliThemesDropInOnItsHost_MainFileEditedSplashStillAppended()
    {
        var main = BootLoaderCorpus.Read("grub", "OpAmlee-arcolinux-leading-space-trailing-comment.grub");

        var plan = await CheckAsync(main, [("kali-themes.cfg", BootLoaderCorpus.Read("grub.d", "OpAmlee-kali-themes.cfg"))], CpuVendor.Intel);

        Assert.Equal("/etc/default/grub", Assert.Single(plan.Files).Path);
    }

    private static async Task<PassthroughWeb.Core.Changes.ChangePlan> CheckAsync(string main, IReadOnlyList<(string Name, string Text)> dropIns, CpuVendor vendor)
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", main).With("etc/os-release", "ID=ubuntu\nID_LIKE=debian\n").With("boot/grub/grub.cfg", "# generated\n");
        foreach (var (name, text) in dropIns) fixture.With($"etc/default/grub.d/{name}", text);
        var paths = new[] { "/etc/default/grub" }.Concat(dropIns.Select(d => $"/etc/default/grub.d/{d.Name}")).Where(p => p.EndsWith(".cfg", StringComparison.Ordinal) || p == "/etc/default/grub")
            .Select(fixture.MachinePath).ToList();
        var set = IommuParameters.For(vendor, IommuExtras.None);

        var result = KernelCommandLinePlanner.Plan(fixture.Root, vendor, KernelCommandLineOptions.Default);

        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(BootLoaderKind.Grub, result.Detection.Kind);
        var plan = result.Plan!;
        var before = TextChecks.Words(await TextChecks.SourceAsync(paths, Variables));
        fixture.Apply(plan.Files);
        var after = TextChecks.Words(await TextChecks.SourceAsync(paths, Variables));
        foreach (var wanted in set.Wanted)
            Assert.Equal(Math.Max(1, TextChecks.Count(before, wanted.Parameter.Text)), TextChecks.Count(after, wanted.Parameter.Text));
        // Nothing that was there is lost, and the order stays.
        Assert.Equal(before, after.Where(w => before.Contains(w) || !set.Wanted.Any(p => p.Parameter.Text == w)).ToList());
        foreach (var file in plan.Files) Assert.Equal(1, TextChecks.ChangedLines(file.Before ?? "", file.After));
        Assert.True(plan.Files.Count <= 1);
        if (plan.Files.Count == 1) Assert.Equal("update-grub", Assert.Single(plan.Commands).Command.Program);

        var again = KernelCommandLinePlanner.Plan(fixture.Root, vendor, KernelCommandLineOptions.Default);
        Assert.True(again.Plan?.IsEmpty, again.Message);
        return plan;
    }
}
