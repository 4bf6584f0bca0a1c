using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class KernelCommandLinePlannerTests
{
    private const string Grub = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\nGRUB_CMDLINE_LINUX=\"\"\n";

    private static CommandLinePlanResult Plan(FixtureRoot fixture, CpuVendor vendor = CpuVendor.Intel, KernelCommandLineOptions? options = null) =>
        KernelCommandLinePlanner.Plan(fixture.Root, vendor, options ?? KernelCommandLineOptions.Default);

    private static ChangePlan Planned(CommandLinePlanResult result)
    {
        Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
        return result.Plan!;
    }

    private static string[] Argv(CommandStep step) => [step.Command.Program, .. step.Command.Arguments];

    [Theory]
    [InlineData("ID=ubuntu\nID_LIKE=debian\n", "update-grub")]
    [InlineData("ID=pop\nID_LIKE=\"ubuntu debian\"\n", "update-grub")]
    [InlineData("ID=debian\n", "update-grub")]
    [InlineData("ID=arch\n", "grub-mkconfig -o /boot/grub/grub.cfg")]
    [InlineData("ID=cachyos\nID_LIKE=arch\n", "grub-mkconfig -o /boot/grub/grub.cfg")]
    [InlineData("ID=gentoo\n", "grub-mkconfig -o /boot/grub/grub.cfg")]
    [InlineData("ID=fedora\n", "grub2-mkconfig -o /boot/grub2/grub.cfg")]
    [InlineData("ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n", "grub2-mkconfig -o /boot/grub2/grub.cfg")]
    [InlineData("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", "grub2-mkconfig -o /boot/grub2/grub.cfg")]
    public void Plan_GrubPerDistribution_RegenerationCommand(string osRelease, string command)
    {
        using var fixture = new FixtureRoot().With("etc/os-release", osRelease).With("etc/default/grub", Grub).With("boot/grub/grub.cfg", "x");

        var plan = Planned(Plan(fixture));

        Assert.Equal("/etc/default/grub", Assert.Single(plan.Files).Path);
        Assert.Equal(command, string.Join(' ', Argv(Assert.Single(plan.Commands))));
        Assert.True(plan.NeedsReboot);
        Assert.Equal(["host"], plan.Steps);
    }

    [Fact]
    public void Plan_GrubApplied_SecondPlanEmpty()
    {
        using var fixture = new FixtureRoot().With("etc/os-release", "ID=debian\n").With("etc/default/grub", Grub).With("boot/grub/grub.cfg", "x");

        var first = Planned(Plan(fixture));
        fixture.Apply(first.Files);
        var second = Planned(Plan(fixture));

        Assert.True(second.IsEmpty);
        Assert.False(second.NeedsReboot);
        Assert.Contains("nothing to change", second.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FedoraBls_GrubbyUpdatesEveryEntryAfterGrub2Mkconfig()
    {
        using var fixture = new FixtureRoot()
            .With("etc/os-release", "ID=fedora\n")
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX=\"rhgb quiet intel_iommu=off\"\nGRUB_ENABLE_BLSCFG=true\n")
            .With("boot/grub2/grub.cfg", "blscfg\n")
            .With("boot/loader/entries/a-6.8.conf", "linux /vmlinuz-6.8\noptions root=UUID=a ro rhgb quiet intel_iommu=off\n");

        var plan = Planned(Plan(fixture));

        Assert.Equal(2, plan.Commands.Count);
        Assert.Equal(["grub2-mkconfig", "-o", "/boot/grub2/grub.cfg"], Argv(plan.Commands[0]));
        Assert.Equal(["grubby", "--update-kernel=ALL", "--remove-args=intel_iommu=off", "--args=intel_iommu=on iommu=pt"], Argv(plan.Commands[1]));
        Assert.Contains(plan.Notes, n => n.Contains("intel_iommu=off is replaced", StringComparison.Ordinal));
        // The files are done after one apply; only the entries wait for grubby.
        fixture.Apply(plan.Files);
        var again = Planned(Plan(fixture));
        Assert.Empty(again.Files);
        Assert.Equal("grubby", Assert.Single(again.Commands).Command.Program);
    }

    [Fact]
    public void Plan_SystemdBoot_EntriesAndKernelCmdlineEditedNoCommands()
    {
        using var fixture = new FixtureRoot()
            .With("boot/loader/loader.conf", "default arch\n")
            .With("boot/loader/entries/arch.conf", "title A\nlinux /vmlinuz-linux\noptions root=UUID=a rw\n")
            .With("boot/loader/entries/arch-fallback.conf", "title A\nlinux /vmlinuz-linux\ninitrd /initramfs-linux-fallback.img\noptions root=UUID=a rw\n")
            .With("boot/loader/entries/shell.conf", "title Shell\nefi /shellx64.efi\noptions -nomap\n")
            .With("etc/kernel/cmdline", "root=UUID=a rw\n");

        var plan = Planned(Plan(fixture, CpuVendor.Amd));

        Assert.Equal(["/boot/loader/entries/arch-fallback.conf", "/boot/loader/entries/arch.conf", "/etc/kernel/cmdline"], plan.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(plan.Files, f => Assert.Contains("iommu=pt", f.After, StringComparison.Ordinal));
        Assert.Empty(plan.Commands);
        fixture.Apply(plan.Files);
        Assert.True(Planned(Plan(fixture, CpuVendor.Amd)).IsEmpty);
    }

    [Fact]
    public void Plan_MkinitcpioUki_EditsCmdlineRebuildsAndSaysTheImageChangesOnlyWhenRebuilt()
    {
        using var fixture = new FixtureRoot()
            .With("etc/mkinitcpio.d/linux.preset", "PRESETS=('default')\ndefault_uki=\"/efi/EFI/Linux/arch-linux.efi\"\n")
            .With("etc/kernel/cmdline", "root=UUID=a rw quiet");

        var plan = Planned(Plan(fixture));

        Assert.Equal("root=UUID=a rw quiet intel_iommu=on iommu=pt", Assert.Single(plan.Files).After);
        Assert.Equal(["mkinitcpio", "-P"], Argv(Assert.Single(plan.Commands)));
        Assert.Contains(plan.Notes, n => n.Contains("inside the unified kernel image", StringComparison.Ordinal) && n.Contains("old command line", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_KernelInstallUkiWithoutCmdlineFile_CreatedFromRunningCommandLine()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", "layout=uki\n")
            .With("proc/cmdline", "initrd=\\EFI\\x.img root=UUID=a rw quiet\n")
            .With("efi/EFI/Linux/a.efi", "MZ");

        var plan = Planned(Plan(fixture, CpuVendor.Amd));

        var file = Assert.Single(plan.Files);
        Assert.True(file.Creates);
        Assert.Equal("/etc/kernel/cmdline", file.Path);
        Assert.Equal("root=UUID=a rw quiet iommu=pt\n", file.After);
        Assert.Equal(["kernel-install", "add-all"], Argv(Assert.Single(plan.Commands)));
    }

    [Fact]
    public void Plan_DracutUkiWithKernelCmdlineSetting_ManualNamingTheFile()
    {
        using var fixture = new FixtureRoot()
            .With("etc/dracut.conf.d/uki.conf", "uefi=yes\nkernel_cmdline=\"root=UUID=a rw\"\n");

        var result = Plan(fixture);

        Assert.Equal(CommandLinePlanOutcome.Manual, result.Outcome);
        Assert.Contains("/etc/dracut.conf.d/uki.conf", result.Message, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DracutUki_RegenerateAllUefi()
    {
        using var fixture = new FixtureRoot().With("etc/dracut.conf.d/uki.conf", "uefi=yes\n").With("etc/kernel/cmdline", "root=UUID=a rw\n");

        var plan = Planned(Plan(fixture));

        Assert.Equal(["dracut", "--regenerate-all", "-f", "--uefi"], Argv(Assert.Single(plan.Commands)));
    }

    [Fact]
    public void Plan_Kernelstub_CommandsOnlyWithArgumentList()
    {
        using var fixture = new FixtureRoot().With("etc/kernelstub/configuration", "{\"user\":{\"kernel_options\":[\"quiet\",\"intel_iommu=off\"]}}");

        var plan = Planned(Plan(fixture));

        Assert.Empty(plan.Files);
        Assert.Equal(2, plan.Commands.Count);
        Assert.Equal(["kernelstub", "-d", "intel_iommu=off"], Argv(plan.Commands[0]));
        Assert.Equal(["kernelstub", "-a", "intel_iommu=on iommu=pt"], Argv(plan.Commands[1]));
    }

    [Fact]
    public void Plan_KernelstubAlreadyHasThem_Empty()
    {
        using var fixture = new FixtureRoot().With("etc/kernelstub/configuration", "{\"user\":{\"kernel_options\":[\"quiet\",\"intel_iommu=on\",\"iommu=pt\"]}}");

        Assert.True(Planned(Plan(fixture)).IsEmpty);
    }

    [Fact]
    public void Plan_ProxmoxSystemdBoot_CmdlineAndRefresh()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/proxmox-boot-uuids", "ABCD-1234\n")
            .With("etc/kernel/cmdline", "root=ZFS=rpool/ROOT/pve-1 boot=zfs\n");

        var plan = Planned(Plan(fixture));

        Assert.Equal("root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt\n", Assert.Single(plan.Files).After);
        Assert.Equal(["proxmox-boot-tool", "refresh"], Argv(Assert.Single(plan.Commands)));
    }

    [Fact]
    public void Plan_ProxmoxGrubMode_GrubDefaultsAndRefresh()
    {
        using var fixture = new FixtureRoot()
            .With("etc/os-release", "ID=debian\n")
            .With("etc/kernel/proxmox-boot-uuids", "ABCD-1234 grub\n")
            .With("etc/default/grub", Grub);

        var plan = Planned(Plan(fixture, CpuVendor.Amd));

        Assert.Equal("/etc/default/grub", Assert.Single(plan.Files).Path);
        Assert.Equal(["proxmox-boot-tool", "refresh"], Argv(Assert.Single(plan.Commands)));
    }

    [Theory]
    [InlineData("boot/syslinux/syslinux.cfg")]
    [InlineData("boot/extlinux/extlinux.conf")]
    public void Plan_Syslinux_ManualWithTheParametersAndTheFile(string path)
    {
        using var fixture = new FixtureRoot().With(path, "LABEL arch\n    LINUX ../vmlinuz-linux\n    APPEND root=/dev/sda2 rw\n");

        var result = Plan(fixture);

        Assert.Equal(CommandLinePlanOutcome.Manual, result.Outcome);
        Assert.Contains("/" + path, result.Message, StringComparison.Ordinal);
        Assert.Contains("APPEND", result.Message, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void Plan_NothingRecognised_ManualNamingWhereItLookedAndTheParameters()
    {
        using var fixture = new FixtureRoot();

        var result = Plan(fixture, CpuVendor.Amd);

        Assert.Equal(CommandLinePlanOutcome.Manual, result.Outcome);
        Assert.Contains("/etc/default/grub", result.Message, StringComparison.Ordinal);
        Assert.Contains("/boot/loader/entries/*.conf", result.Message, StringComparison.Ordinal);
        Assert.Contains("iommu=pt", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnknownCpuVendor_Error()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", Grub);

        var result = Plan(fixture, CpuVendor.Other);

        Assert.Equal(CommandLinePlanOutcome.Error, result.Outcome);
        Assert.Contains("neither Intel nor AMD", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_VfioIdsWithBuiltInVfioPciAndBootGpu_ExtrasExplainedInNotes()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", Grub)
            .With("boot/grub/grub.cfg", "x")
            .With("proc/sys/kernel/osrelease", "6.9.1-arch1\n")
            .With("lib/modules/6.9.1-arch1/modules.builtin", "kernel/drivers/vfio/pci/vfio-pci.ko\n");

        var plan = Planned(Plan(fixture, CpuVendor.Amd, new KernelCommandLineOptions { VfioPciIds = ["10de:1b80", "10de:10f0"], PassingBootGpu = true, AcsOverride = true }));

        Assert.Contains("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash iommu=pt video=efifb:off initcall_blacklist=sysfb_init vfio-pci.ids=10de:1b80,10de:10f0\"", Assert.Single(plan.Files).After, StringComparison.Ordinal);
        Assert.Contains(plan.Notes, n => n.StartsWith("vfio-pci.ids=10de:1b80,10de:10f0: ", StringComparison.Ordinal) && n.Contains("modules.builtin", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.StartsWith("pcie_acs_override was not added", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_DifferentVfioIdsAlreadyThere_ReplacedNotDuplicated()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet vfio-pci.ids=1002:731f iommu=pt\"\n")
            .With("boot/grub/grub.cfg", "x")
            .With("lib/modules/6.9.1/modules.builtin", "kernel/drivers/vfio/pci/vfio-pci.ko\n");

        var plan = Planned(Plan(fixture, CpuVendor.Amd, new KernelCommandLineOptions { VfioPciIds = ["10de:1b80"] }));

        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet vfio-pci.ids=10de:1b80 iommu=pt\"\n", Assert.Single(plan.Files).After);
        Assert.Contains(plan.Notes, n => n.StartsWith("vfio-pci.ids=1002:731f is replaced by vfio-pci.ids=10de:1b80", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LimineWithDefaultLimine_ManualBecauseLimineUpdateRewritesIt()
    {
        using var fixture = new FixtureRoot()
            .With("boot/limine.conf", "/Arch\n    protocol: linux\n    cmdline: root=UUID=a rw\n")
            .With("etc/default/limine", "KERNEL_CMDLINE[default]+=\"quiet\"\n");

        var result = Plan(fixture);

        Assert.Equal(CommandLinePlanOutcome.Manual, result.Outcome);
        Assert.Contains("/etc/default/limine", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BootedWithParametersAndFilesHaveThem_EmptyAndSaysSo()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"iommu=pt\"\n")
            .With("boot/grub/grub.cfg", "x")
            .With("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 iommu=pt\n");

        var plan = Planned(Plan(fixture, CpuVendor.Amd));

        Assert.True(plan.IsEmpty);
        Assert.Contains(plan.Notes, n => n.Contains("booted with these parameters already", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GrubInstalledButSystemdBootBooted_EntriesEditedGrubLeftAlone()
    {
        using var fixture = new FixtureRoot()
            .With("etc/os-release", "ID=arch\n")
            .With("etc/default/grub", Grub)
            .With("boot/grub/grub.cfg", "x")
            .With("efi/loader/entries/arch.conf", "title Arch\nlinux /vmlinuz-linux\noptions root=UUID=a rw\n")
            .WithBytes(BootLoaderDetector.LoaderEntrySelectedVariable, BootLoaderDetectorTests.EfiString("arch.conf"));

        var plan = Planned(Plan(fixture));

        Assert.Equal("/efi/loader/entries/arch.conf", Assert.Single(plan.Files).Path);
        Assert.Empty(plan.Commands);
    }

    [Fact]
    public void Plan_UkifyWithLiteralCmdlineInUkiConf_UkiConfEditedAndImagesRebuilt()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", "layout=uki\nuki_generator=ukify\n")
            .With("etc/kernel/uki.conf", "[UKI]\nCmdline=root=UUID=a rw\n");

        var plan = Planned(Plan(fixture, CpuVendor.Amd));

        var file = Assert.Single(plan.Files);
        Assert.Equal("/etc/kernel/uki.conf", file.Path);
        Assert.Equal("[UKI]\nCmdline=root=UUID=a rw iommu=pt\n", file.After);
        Assert.Equal("kernel-install", Assert.Single(plan.Commands).Command.Program);
    }
}
