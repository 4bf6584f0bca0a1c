using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Tests.Isolation;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// The linter on every real modprobe.d file of the corpus, each read alone as /etc/modprobe.d/NAME. The expected
/// findings were written down by reading each file and its SOURCES.md row; a file with none is expected clean.
/// </summary>
public sealed class ModprobeCorpusLintTests
{
    private static readonly Dictionary<string, (ModprobeFindingKind Kind, int Line)[]> Expected = new(StringComparer.Ordinal)
    {
        ["AdrianLSY-blacklist-i915-snd.conf"] = [],
        ["AdrianLSY-vfio-ids-disable-vga.conf"] = [],
        // 'options bluetooth disable_ertm=1 #xbox': the comment becomes a parameter.
        ["Alkeryn-end-of-line-comment.conf"] = [(ModprobeFindingKind.CommentInOptions, 4)],
        ["Alkeryn-install-i915-false.conf"] = [],
        ["AtheeshThanaseelan-blacklist-softdep-drm.conf"] = [],
        // 'blacklist nvme': the host's NVMe disks lose their driver.
        ["DStait-blacklist-nvme.conf"] = [(ModprobeFindingKind.BlacklistsHostDriver, 4)],
        ["DStait-iommu-unsafe-interrupts.conf"] = [],
        ["DStait-kvm-ignore-msrs.conf"] = [],
        ["DStait-vfio-softdeps-nvme.conf"] = [],
        ["JoonaHa-kvm-two-options-lines.conf"] = [],
        // ids= on one line and disable_vga=1 on another: kmod joins them, nothing is lost.
        ["JoonaHa-vfio-two-options-lines.conf"] = [],
        ["MarcAureleCoste-blacklist-nouveau-modeset.conf"] = [],
        ["MikeRamos58-softdep-nvidia.conf"] = [],
        ["MikeRamos58-vfio_pci-ids.conf"] = [],
        ["OzzyHelix-kvm-halt-poll-kvm-amd.conf"] = [],
        // The misspelled xhci_hdc needs a kernel's module list: see Lint_OzzyHelixWithRealKernel_NamesTheMisspelledModule.
        ["OzzyHelix-softdep-misspelled-xhci_hdc.conf"] = [],
        ["OzzyHelix-vfio-iommu-type1-hyphen.conf"] = [],
        ["Skeen-install-vfio-pci-override.conf"] = [],
        ["SondreHusevold-kvm-amd-avic.conf"] = [],
        ["SondreHusevold-softdep-drm.conf"] = [],
        ["benwbooth-ids-gpus-nic-usb.conf"] = [],
        ["booski-vfio-softdep-amdgpu.conf"] = [],
        ["chloecdn-install-vfio-pci-override.conf"] = [],
        ["ericwhey-blacklist-all-gpus-skl-uncore.conf"] = [],
        ["iroger-pve-blacklist-audio-gpu.conf"] = [],
        // Nine 'options vfio-pci ids=' lines: the kernel keeps the last (05e3:0749), the eight before are lost.
        ["iroger-repeated-ids-usb-ids.conf"] =
        [
            (ModprobeFindingKind.RepeatedParameter, 2), (ModprobeFindingKind.RepeatedParameter, 4), (ModprobeFindingKind.RepeatedParameter, 8),
            (ModprobeFindingKind.RepeatedParameter, 10), (ModprobeFindingKind.RepeatedParameter, 12), (ModprobeFindingKind.RepeatedParameter, 14),
            (ModprobeFindingKind.RepeatedParameter, 16), (ModprobeFindingKind.RepeatedParameter, 18),
        ],
        ["kchoudhu-blacklist-gpu-drivers.conf"] = [],
        ["kchoudhu-vfio-ids-amd.conf"] = [],
        ["lennard0711-kvm-amd-nested.conf"] = [],
        // 'options vfio-pci vfio-pci.ids=…': command line syntax, ignored by the kernel.
        ["madhavpcm-vfio-pci-dot-ids.conf"] = [(ModprobeFindingKind.CommandLineSyntax, 1)],
        ["matsto641-alias-modalias-vfio-pci.conf"] = [],
        // 'softdep drm pre:vfio-pci': no space after pre:, kmod drops the word.
        ["mikumeow-softdep-no-space-after-pre.conf"] = [(ModprobeFindingKind.SoftdepWordsDropped, 1)],
        ["neg-serg-vfio-all-commented.conf"] = [],
        ["relm-blacklist-nvidia.conf"] = [],
        // 'softdep nvidia-* pre:': valid for kmod (fnmatch on nvidia_*), reported as information.
        ["relm-softdep-wildcard-kvm.conf"] = [(ModprobeFindingKind.SoftdepPattern, 7)],
        ["smartperson-kvm.conf"] = [],
        // 'options vfio-pci diable_vga=1': no such parameter.
        ["smartperson-vfio-misspelled-diable-vga.conf"] = [(ModprobeFindingKind.UnknownParameter, 2)],
        ["spongeyperson-kvm-amd-hyphen.conf"] = [],
        ["the-ashh-softdep-amdgpu-snd.conf"] = [],
        ["walkerk1980-kvm-intel-nested.conf"] = [],
        // 1462:8c93 (a subsystem ID) is listed twice.
        ["walkerk1980-vfio-pci-subsystem-ids.conf"] = [(ModprobeFindingKind.DuplicateLine, 1)],
    };

    public static TheoryData<string> Files => [.. RepositoryPaths.CorpusFileNames("modprobe").Where(n => n.EndsWith(".conf", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Lint_CorpusFile_FindsWhatWasWrittenDown(string name)
    {
        var path = RepositoryPaths.RequireCorpusFile("modprobe", name);
        Assert.True(Expected.TryGetValue(name, out var expected), $"No expected findings are written down for {name}: read it and add a row.");
        var file = ModprobeConfig.Parse("/etc/modprobe.d/" + name, File.ReadAllText(path));

        var findings = ModprobeLinter.Lint(ModprobeConfig.FromFiles([file]));

        Assert.Equal(expected.Select(e => $"{e.Kind}@{e.Line}"), findings.Select(f => $"{f.Kind}@{f.Line}"));
        Assert.All(findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
            Assert.False(string.IsNullOrWhiteSpace(f.Fix));
        });
    }

    [Fact]
    public void Lint_GuideLineKvmOptionOnVfioLine_SaysWhoseParameterItIs()
    {
        var file = ModprobeConfig.Parse("/etc/modprobe.d/vfio.conf", "softdep amdgpu pre: vfio-pci\noptions vfio-pci ids=1002:73ff,1002:ab28 disable_vga=1 kvm.ignore_msrs=1\n");

        var finding = Assert.Single(ModprobeLinter.Lint(ModprobeConfig.FromFiles([file])));

        Assert.Equal(ModprobeFindingKind.ForeignParameter, finding.Kind);
        Assert.Equal(2, finding.Line);
        Assert.Equal("kvm.ignore_msrs=1 is a parameter of kvm, not vfio-pci: it does nothing here (the kernel ignores it when vfio-pci loads).", finding.Message);
        Assert.Equal("Put `options kvm ignore_msrs=1` on its own line.", finding.Fix);
    }

    [Fact]
    public async Task Lint_OzzyHelixWithRealKernel_NamesTheMisspelledModule()
    {
        var path = RepositoryPaths.RequireCorpusFile("modprobe", "OzzyHelix-softdep-misspelled-xhci_hdc.conf");
        var (stage, version) = await RealKernel.RequireAsync(TestContext.Current.CancellationToken);
        using var host = new TemporaryHostRoot();
        foreach (var name in (string[])["modules.dep", "modules.builtin"])
            host.Root.WriteText($"lib/modules/{version}/{name}", await File.ReadAllTextAsync(Path.Combine(stage, "lib", "modules", version, name), TestContext.Current.CancellationToken));
        var kernels = InstalledKernel.LoadAll(host.Root);
        var file = ModprobeConfig.Parse("/etc/modprobe.d/vfio.conf", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        var findings = ModprobeLinter.Lint(ModprobeConfig.FromFiles([file]), kernels: kernels);

        var misspelled = Assert.Single(findings, f => f.Line == 9);
        Assert.Equal(ModprobeFindingKind.UnknownModule, misspelled.Kind);
        Assert.Contains("xhci_hdc", misspelled.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean xhci_hcd?", misspelled.Message, StringComparison.Ordinal);
        // Debian's kernel has no proprietary nvidia module: the softdep for it does nothing on this kernel, and says so.
        Assert.Equal(ModprobeFindingKind.UnknownModule, Assert.Single(findings, f => f.Line == 8).Kind);
        Assert.Equal(2, findings.Count);
    }
}
