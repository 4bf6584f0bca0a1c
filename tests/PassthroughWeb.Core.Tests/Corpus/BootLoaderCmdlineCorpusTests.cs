using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>Real /etc/kernel/cmdline, install.conf, uki.conf and cmdline.d files, mkinitcpio presets, the kernelstub configuration and syslinux configs.</summary>
public sealed class BootLoaderCmdlineCorpusTests
{
    public static TheoryData<string> CmdlineFiles =>
        BootLoaderCorpus.Names("kernel-cmdline", BootLoaderCorpus.FileNames("kernel-cmdline").Where(n => !n.EndsWith(".cmdline", StringComparison.Ordinal)).ToArray());

    public static TheoryData<string> Presets => BootLoaderCorpus.Names("mkinitcpio-presets");

    public static TheoryData<string> SyslinuxFiles => BootLoaderCorpus.Names("syslinux");

    [Theory]
    [MemberData(nameof(CmdlineFiles))]
    public void Plan_RealKernelCmdlineForKernelInstallUki_OneLineChangedEachParameterOnceRebuilt(string name)
    {
        var text = BootLoaderCorpus.Read("kernel-cmdline", name);
        using var fixture = new FixtureRoot().With("etc/kernel/cmdline", text).With("etc/kernel/install.conf", "layout=uki\n");

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(BootLoaderKind.UnifiedKernelImage, result.Detection.Kind);
        var plan = result.Plan!;
        var tokens = Parameters(plan.Files.Count == 0 ? text : Assert.Single(plan.Files).After);
        Assert.Equal(1, TextChecks.Count(tokens, "intel_iommu=on"));
        Assert.Equal(1, TextChecks.Count(tokens, "iommu=pt"));
        Assert.Equal(Parameters(text), tokens.Where(t => t is not ("intel_iommu=on" or "iommu=pt") || Parameters(text).Contains(t)));
        if (plan.Files.Count == 1)
        {
            Assert.Equal(1, TextChecks.ChangedLines(text, plan.Files[0].After));
            Assert.Equal(text.EndsWith('\n'), plan.Files[0].After.EndsWith('\n'));
            Assert.Equal(["kernel-install", "add-all"], [plan.Commands[0].Command.Program, .. plan.Commands[0].Command.Arguments]);
        }
        Assert.Contains(plan.Notes, n => n.Contains("inside the unified kernel image", StringComparison.Ordinal));
        fixture.Apply(plan.Files);
        Assert.True(KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!.IsEmpty);
    }

    [Fact]
    public void Plan_DborsethUkiHost_InstallConfUkiConfAndCmdlineTogether()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", BootLoaderCorpus.Read("kernel-cmdline", "dborseth-arch-install-uki-no-newline.conf"))
            .With("etc/kernel/uki.conf", BootLoaderCorpus.Read("kernel-cmdline", "dborseth-arch-uki.conf"))
            .With("etc/kernel/cmdline", BootLoaderCorpus.Read("kernel-cmdline", "dborseth-arch-uki-no-newline.cmdline"));

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default);

        Assert.Equal(UkiBuilder.KernelInstall, result.Detection.UkiBuilder);
        var file = Assert.Single(result.Plan!.Files);
        Assert.Equal("/etc/kernel/cmdline", file.Path);
        Assert.EndsWith(" iommu=pt", file.After, StringComparison.Ordinal);
        Assert.Contains(result.Plan.Commands, c => c.Reason.Contains("ukify", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_UkiConfWithoutCmdline_KernelCmdlineEdited()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", "layout=uki\n")
            .With("etc/kernel/uki.conf", BootLoaderCorpus.Read("kernel-cmdline", "brookiestein-gentoo-uki-secureboot.conf"))
            .With("etc/kernel/cmdline", "root=LABEL=gentoo rw\n");

        var plan = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default).Plan!;

        Assert.Equal("/etc/kernel/cmdline", Assert.Single(plan.Files).Path);
    }

    [Fact]
    public void Plan_BlsLayoutInstallConf_NotAUkiHost()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", BootLoaderCorpus.Read("kernel-cmdline", "Dragonink-arch-install.conf"))
            .With("boot/loader/entries/arch.conf", "linux /vmlinuz-linux\noptions root=UUID=a rw\n")
            .With("boot/loader/loader.conf", "default arch\n");

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default);

        Assert.Equal(BootLoaderKind.SystemdBoot, result.Detection.Kind);
        Assert.Equal(UkiBuilder.None, result.Detection.UkiBuilder);
    }

    [Fact]
    public void Plan_CmdlineDropInWithUkiOnlyPreset_LastParameterLineOfTheDropInEdited()
    {
        var text = BootLoaderCorpus.Read("kernel-cmdline", "kevinard-etc-cmdline.d-custom.conf");
        using var fixture = new FixtureRoot()
            .With("etc/mkinitcpio.d/linux.preset", BootLoaderCorpus.Read("mkinitcpio-presets", "kevinard-linux-uki-only.preset"))
            .With("etc/cmdline.d/custom.conf", text);

        var plan = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!;

        var file = Assert.Single(plan.Files);
        Assert.Equal("/etc/cmdline.d/custom.conf", file.Path);
        Assert.Equal(1, TextChecks.ChangedLines(text, file.After));
        Assert.Contains("\nusbcore.autosuspend=5 intel_iommu=on iommu=pt", file.After, StringComparison.Ordinal);
        Assert.Equal(["mkinitcpio", "-P"], [plan.Commands[0].Command.Program, .. plan.Commands[0].Command.Arguments]);
    }

    [Fact]
    public void CmdlineFileEditor_RealOneParameterPerLineFallbackCmdline_LastParameterLineOnly()
    {
        var text = BootLoaderCorpus.Read("kernel-cmdline", "kevinard-fallback_cmdline");

        var edit = CommandLineFileEditor.Edit([new ConfigFile("/etc/kernel/fallback_cmdline", text)], IommuParameters.For(CpuVendor.Amd, IommuExtras.None), "test");

        var file = Assert.Single(edit.Files);
        Assert.Equal(1, TextChecks.ChangedLines(text, file.After));
        Assert.Empty(CommandLineFileEditor.Edit([new ConfigFile("/etc/kernel/fallback_cmdline", file.After)], IommuParameters.For(CpuVendor.Amd, IommuExtras.None), "test").Files);
    }

    [Fact]
    public void Plan_ProxmoxZfsCmdline_AlreadyHasTheParameters()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/proxmox-boot-uuids", "ABCD-1234\n")
            .With("etc/kernel/cmdline", BootLoaderCorpus.Read("kernel-cmdline", "AdrianLSY-proxmox-zfs-iommu.cmdline"));

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        Assert.Equal(BootLoaderKind.ProxmoxBootTool, result.Detection.Kind);
        Assert.True(result.Plan!.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Plan_RealMkinitcpioPreset_UkiPresetsEditTheirCmdlineClassicOnesAreNotUki(string name)
    {
        var text = BootLoaderCorpus.Read("mkinitcpio-presets", name);
        using var fixture = new FixtureRoot()
            .With("etc/mkinitcpio.d/linux.preset", text)
            .With("proc/cmdline", "initrd=\\initramfs-linux.img root=UUID=a rw quiet\n");
        var builds = text.Split('\n').Any(l => l.Contains("_uki=", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default);

        if (!builds)
        {
            Assert.NotEqual(BootLoaderKind.UnifiedKernelImage, result.Detection.Kind);
            return;
        }
        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        Assert.Equal(UkiBuilder.Mkinitcpio, result.Detection.UkiBuilder);
        Assert.NotEmpty(result.Plan!.Files);
        Assert.All(result.Plan.Files, f =>
        {
            Assert.True(f.Creates);
            Assert.Equal("root=UUID=a rw quiet iommu=pt\n", f.After);
        });
        Assert.Equal("mkinitcpio", Assert.Single(result.Plan.Commands).Command.Program);
        fixture.Apply(result.Plan.Files);
        Assert.True(KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Amd, KernelCommandLineOptions.Default).Plan!.IsEmpty);
    }

    [Fact]
    public void Plan_RealKernelstubConfiguration_KernelstubAddCommandNoFileEdit()
    {
        using var fixture = new FixtureRoot().With("etc/kernelstub/configuration", BootLoaderCorpus.Read("kernelstub", "vindex10-configuration.json"));

        var plan = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default).Plan!;

        Assert.Empty(plan.Files);
        var step = Assert.Single(plan.Commands);
        Assert.Equal(["kernelstub", "-a", "intel_iommu=on iommu=pt"], [step.Command.Program, .. step.Command.Arguments]);
    }

    [Theory]
    [MemberData(nameof(SyslinuxFiles))]
    public void Plan_RealSyslinuxConfig_AddByHandMessageWithTheParameters(string name)
    {
        var path = name.Contains("extlinux", StringComparison.Ordinal) ? "boot/extlinux/extlinux.conf" : "boot/syslinux/syslinux.cfg";
        using var fixture = new FixtureRoot().With(path, BootLoaderCorpus.Read("syslinux", name));

        var result = KernelCommandLinePlanner.Plan(fixture.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        Assert.Equal(BootLoaderKind.Syslinux, result.Detection.Kind);
        Assert.Equal(CommandLinePlanOutcome.Manual, result.Outcome);
        Assert.Contains("by hand", result.Message, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", result.Message, StringComparison.Ordinal);
        Assert.Contains("/" + path, result.Message, StringComparison.Ordinal);
    }

    private static List<string> Parameters(string cmdlineFile) =>
        cmdlineFile.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).SelectMany(TextChecks.Words).ToList();
}
