using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>Real systemd-boot entries and loader.conf files, rEFInd and Limine configs of the corpus, on fixture roots at their real paths.</summary>
public sealed class BootLoaderEntriesCorpusTests
{
    /// <summary>The corpus's loader.conf files (the rest of the folder are entries), each checked with its own host's entries below.</summary>
    private static readonly string[] LoaderConfs =
        ["vlig-loader.conf", "c0pperlane-loader-default-with-suffix.conf", "Patricol-loader.conf", "BirdieTX-fedora-loader-no-newline.conf"];

    public static TheoryData<string> SystemdBootEntries => BootLoaderCorpus.Names("systemd-boot", LoaderConfs);

    public static TheoryData<string> RefindFiles => BootLoaderCorpus.Names("refind");

    public static TheoryData<string> LimineFiles => BootLoaderCorpus.Names("limine");

    [Theory]
    [MemberData(nameof(SystemdBootEntries))]
    public void Plan_RealLoaderEntry_LinuxEntriesGetEachParameterOnceInOneLineOthersUntouched(string name)
    {
        var text = BootLoaderCorpus.Read("systemd-boot", name);
        var entry = new ConfigFile("/boot/loader/entries/" + name, text);
        using var fixture = new FixtureRoot().With(entry.Path, text).With("boot/loader/loader.conf", "timeout 3\n");

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        if (!BootLoaderDetector.IsLinuxEntry(entry))
        {
            // An EFI shell or a chainloaded rEFInd: its options are not a kernel command line, nothing is written to it.
            Assert.NotEqual(CommandLinePlanOutcome.Planned, result.Outcome);
            Assert.Contains("intel_iommu=on iommu=pt", result.Message, StringComparison.Ordinal);
            return;
        }
        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(BootLoaderKind.SystemdBoot, result.Detection.Kind);
        CheckEachLineOnce(result.Plan!, "options");
        fixture.Apply(result.Plan!.Files);
        Assert.True(KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!.IsEmpty);
    }

    [Fact]
    public void Corpus_LoaderConfFiles_AllCoveredByTheLoaderConfTest()
    {
        var corpus = BootLoaderCorpus.FileNames("systemd-boot");
        if (corpus.Count == 0) Assert.Skip("The real-world corpus is not here.");
        var loaderConfs = corpus.Where(n => BootLoaderCorpus.Read("systemd-boot", n).Split('\n').Any(l => l.StartsWith("timeout", StringComparison.Ordinal) || l.StartsWith("default", StringComparison.Ordinal)));

        Assert.Equal(LoaderConfs.Order(StringComparer.Ordinal), loaderConfs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("vlig-loader.conf", "esp", "arch-rt.conf")]
    [InlineData("c0pperlane-loader-default-with-suffix.conf", "c0pperlane", "arch-x1p-gpu.conf")]
    [InlineData("Patricol-loader.conf", "Patricol", "rEFInd.conf")]
    [InlineData("BirdieTX-fedora-loader-no-newline.conf", "BirdieTX", null)]
    public void Detect_RealLoaderConfWithItsHostsEntries_DefaultEntryFound(string loaderConf, string host, string? booted)
    {
        using var fixture = new FixtureRoot().With("efi/loader/loader.conf", BootLoaderCorpus.Read("systemd-boot", loaderConf));
        var names = new Dictionary<string, string>
        {
            ["vlig-arch-intel-iommu.conf"] = "arch.conf",
            ["vlig-arch-rt-intel-iommu.conf"] = "arch-rt.conf",
            ["c0pperlane-archarm-utf8-title.conf"] = "arch-x1p-gpu.conf",
            ["Patricol-arch-without-extras.conf"] = "arch-without-extras.conf",
            ["Patricol-refind-efi-entry.conf"] = "rEFInd.conf",
        };
        foreach (var (corpusName, entryName) in names.Where(n => n.Key.StartsWith(host == "esp" ? "vlig" : host, StringComparison.Ordinal)))
            fixture.With("efi/loader/entries/" + entryName, BootLoaderCorpus.Read("systemd-boot", corpusName));
        if (host == "BirdieTX") fixture.With("efi/loader/entries/fedora.conf", "title Fedora\nlinux /vmlinuz\noptions root=UUID=a ro\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.SystemdBoot, detection.Kind);
        Assert.Equal(booted, detection.BootedEntry is null ? null : Path.GetFileName(detection.BootedEntry));
    }

    [Fact]
    public void Plan_VligEntriesBothLinux_BothEditedIommuPtAddedIntelIommuKept()
    {
        using var fixture = new FixtureRoot()
            .With("efi/loader/loader.conf", BootLoaderCorpus.Read("systemd-boot", "vlig-loader.conf"))
            .With("efi/loader/entries/arch.conf", BootLoaderCorpus.Read("systemd-boot", "vlig-arch-intel-iommu.conf"))
            .With("efi/loader/entries/arch-rt.conf", BootLoaderCorpus.Read("systemd-boot", "vlig-arch-rt-intel-iommu.conf"));

        var plan = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!;

        Assert.Equal(2, plan.Files.Count);
        Assert.All(plan.Files, f => Assert.EndsWith("threadirqs intel_iommu=on iommu=pt\n", f.After, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RefindFiles))]
    public void Plan_RealRefindLinuxConf_EveryMenuLineGetsEachParameterOnce(string name)
    {
        var path = name.StartsWith("vindex10", StringComparison.Ordinal) ? "/boot/efi/EFI/gentoo/refind_linux.conf" : "/boot/refind_linux.conf";
        using var fixture = new FixtureRoot().With(path, BootLoaderCorpus.Read("refind", name));

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default);

        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(BootLoaderKind.Refind, result.Detection.Kind);
        var file = Assert.Single(result.Plan!.Files);
        var lines = file.Before!.Split('\n').Count(l => l.TrimStart().StartsWith('"'));
        Assert.Equal(lines, TextChecks.ChangedLines(file.Before!, file.After));
        foreach (var line in file.After.Split('\n').Where(l => l.TrimStart().StartsWith('"')))
            Assert.Equal(1, TextChecks.Count(TextChecks.Words(line.Split('"')[3]), "iommu=pt"));
        fixture.Apply(result.Plan.Files);
        Assert.True(KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default).Plan!.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(LimineFiles))]
    public void Plan_RealLimineConfig_EachLinuxEntryCmdlineGetsEachParameterOnce(string name)
    {
        var path = name.EndsWith(".cfg", StringComparison.Ordinal) ? "/boot/limine.cfg" : "/boot/limine.conf";
        var text = BootLoaderCorpus.Read("limine", name);
        using var fixture = new FixtureRoot().With(path, text);

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(BootLoaderKind.Limine, result.Detection.Kind);
        var file = Assert.Single(result.Plan!.Files);
        var cmdlines = file.Before!.Split('\n').Count(IsCmdline);
        Assert.Equal(cmdlines, TextChecks.ChangedLines(file.Before!, file.After));
        foreach (var line in file.After.Split('\n').Where(IsCmdline))
        {
            Assert.Equal(1, TextChecks.Count(TextChecks.Words(line), "intel_iommu=on"));
            Assert.Equal(1, TextChecks.Count(TextChecks.Words(line), "iommu=pt"));
        }
        Assert.Empty(result.Plan.Commands);
        fixture.Apply(result.Plan.Files);
        Assert.True(KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!.IsEmpty);
    }

    [Fact]
    public void Plan_LimineWithArchAndPopEntriesBootedFromArch_OnlyTheArchEntryEdited()
    {
        using var fixture = new FixtureRoot()
            .With("boot/limine.conf", BootLoaderCorpus.Read("limine", "BachoSeven-arch-pop-macros.conf"))
            .With("proc/cmdline", "root=PARTUUID=9428057f-7c62-451c-8814-600633ac7cb2 rw quiet\n");

        var plan = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default).Plan!;

        var file = Assert.Single(plan.Files);
        Assert.Equal(1, TextChecks.ChangedLines(file.Before!, file.After));
        Assert.Contains("cmdline: root=PARTUUID=6c12a0fb-3d5a-43d9-88f8-6ba9b46e611d ro quiet loglevel=0 systemd.show_status=false splash\n", file.After, StringComparison.Ordinal);
        Assert.Contains(plan.Notes, n => n.Contains("boots another system", StringComparison.Ordinal));
    }

    private static bool IsCmdline(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("cmdline:", StringComparison.OrdinalIgnoreCase) || t.StartsWith("CMDLINE=", StringComparison.Ordinal) || t.StartsWith("KERNEL_CMDLINE=", StringComparison.Ordinal);
    }

    /// <summary>Each edited file changed exactly one line, the one with the key, and has each parameter once on it.</summary>
    private static void CheckEachLineOnce(ChangePlan plan, string key)
    {
        foreach (var file in plan.Files)
        {
            Assert.Equal(1, TextChecks.ChangedLines(file.Before!, file.After));
            var tokens = file.After.Split('\n').Where(l => l.StartsWith(key, StringComparison.Ordinal)).SelectMany(l => TextChecks.Words(l).Skip(1)).ToList();
            Assert.Equal(1, TextChecks.Count(tokens, "intel_iommu=on"));
            Assert.Equal(1, TextChecks.Count(tokens, "iommu=pt"));
        }
    }
}
