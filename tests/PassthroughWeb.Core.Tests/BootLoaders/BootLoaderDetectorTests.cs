using System.Text;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class BootLoaderDetectorTests
{
    private const string ArchEntry = "title Arch Linux\nlinux /vmlinuz-linux\ninitrd /initramfs-linux.img\noptions root=UUID=aaa rw\n";

    /// <summary>An efivarfs file: 4 bytes of attributes, then UTF-16LE text with a terminating NUL.</summary>
    internal static byte[] EfiString(string text) => [0x06, 0x00, 0x00, 0x00, .. Encoding.Unicode.GetBytes(text + "\0")];

    [Fact]
    public void Detect_GrubInstalledButSystemdBootBootedByEfiVariable_SystemdBoot()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n")
            .With("boot/grub/grub.cfg", "menuentry 'Arch' {}\n")
            .With("efi/loader/loader.conf", "default arch.conf\n")
            .With("efi/loader/entries/arch.conf", ArchEntry)
            .WithBytes(BootLoaderDetector.LoaderEntrySelectedVariable, EfiString("arch.conf"))
            .WithBytes(BootLoaderDetector.LoaderInfoVariable, EfiString("systemd-boot 256.7-1-arch"));

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.SystemdBoot, detection.Kind);
        Assert.Equal("arch.conf", detection.BootedEntry);
        Assert.Equal(["/efi/loader/entries/arch.conf"], detection.CommandLineFiles);
        Assert.Contains(detection.Evidence, e => e.Path == BootLoaderDetector.LoaderEntrySelectedVariable);
        Assert.Contains("GRUB's files are present", detection.Evidence[0].Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_GrubSettingsWithoutGrubCfgAndEntriesInEsp_SystemdBootWithoutEfiVariables()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n")
            .With("boot/efi/loader/loader.conf", "default arch\n")
            .With("boot/efi/loader/entries/arch.conf", ArchEntry)
            .With("boot/efi/loader/entries/windows.conf", "title Windows\nefi /EFI/Microsoft/Boot/bootmgfw.efi\n")
            .With("etc/kernel/cmdline", "root=UUID=aaa rw\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.SystemdBoot, detection.Kind);
        Assert.Equal("/boot/efi/loader/entries/arch.conf", detection.BootedEntry);
        Assert.Equal(["/boot/efi/loader/entries/arch.conf", "/etc/kernel/cmdline"], detection.CommandLineFiles);
    }

    [Fact]
    public void Detect_FedoraGrubWithBlsEntries_GrubBls()
    {
        using var fixture = new FixtureRoot()
            .With("etc/os-release", "NAME=\"Fedora Linux\"\nID=fedora\n")
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX=\"rhgb quiet\"\nGRUB_ENABLE_BLSCFG=true\n")
            .With("boot/grub2/grub.cfg", "blscfg\n")
            .With("boot/loader/entries/0123-6.8.5-301.fc40.x86_64.conf", "title Fedora\nversion 6.8.5\nlinux /vmlinuz-6.8.5\ninitrd /initramfs-6.8.5.img\noptions root=UUID=aaa ro rhgb quiet\n")
            .With("proc/cmdline", "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.8.5 root=UUID=aaa ro rhgb quiet\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.Grub, detection.Kind);
        Assert.True(detection.GrubBls);
        Assert.Equal(["/etc/default/grub"], detection.CommandLineFiles);
        Assert.Equal("fedora", detection.OsRelease.Id);
        Assert.Equal("UUID=aaa", detection.BootedRoot);
    }

    [Fact]
    public void Detect_BootctlSaysSystemdBoot_SystemdBootOnItsWord()
    {
        using var fixture = new FixtureRoot()
            .With("boot/grub/grub.cfg", "x\n")
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"\"\n")
            .With("boot/loader/entries/arch.conf", ArchEntry);
        const string Status = "System:\n      Firmware: UEFI 2.70 (American Megatrends 5.17)\n\nCurrent Boot Loader:\n      Product: systemd-boot 255.4-1-arch\n     Features: ✓ Boot counting\n\nDefault Boot Loader Entry:\n         type: Boot Loader Specification Type #1 (.conf)\n        title: Arch Linux\n           id: arch.conf\n";

        var detection = BootLoaderDetector.Detect(fixture.Root, Status);

        Assert.Equal(BootLoaderKind.SystemdBoot, detection.Kind);
        Assert.Equal("arch.conf", detection.BootedEntry);
    }

    [Fact]
    public async Task DetectAsync_RootIsNotSlash_BootctlNotRun()
    {
        using var fixture = new FixtureRoot().With("boot/syslinux/syslinux.cfg", "LABEL arch\n  APPEND root=/dev/sda2 rw\n");
        var runner = new RecordingRunner();

        var detection = await BootLoaderDetector.DetectAsync(fixture.Root, runner, TestContext.Current.CancellationToken);

        Assert.Empty(runner.Requests);
        Assert.Equal(BootLoaderKind.Syslinux, detection.Kind);
    }

    [Fact]
    public void Detect_UkiSelectedByEfiVariable_UnifiedKernelImage()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernel/install.conf", "layout=uki\nuki_generator=ukify\n")
            .With("etc/kernel/uki.conf", "[UKI]\nCmdline=@/etc/kernel/cmdline\n")
            .With("etc/kernel/cmdline", "root=UUID=aaa rw\n")
            .With("efi/EFI/Linux/arch-linux.efi", "MZ")
            .WithBytes(BootLoaderDetector.LoaderEntrySelectedVariable, EfiString("arch-linux.efi"));

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.UnifiedKernelImage, detection.Kind);
        Assert.Equal(UkiBuilder.KernelInstall, detection.UkiBuilder);
        Assert.Equal(["/etc/kernel/cmdline"], detection.CommandLineFiles);
    }

    [Fact]
    public void Detect_MkinitcpioUkiPresetsWithOwnCmdlineFiles_UkiWithBothFiles()
    {
        using var fixture = new FixtureRoot()
            .With("etc/mkinitcpio.d/linux.preset", "PRESETS=('nvidia' 'intel')\nnvidia_uki=\"/boot/EFI/Linux/n.efi\"\nnvidia_options=\"--cmdline /etc/kernel/nvidia\"\nintel_uki=\"/boot/EFI/Linux/i.efi\"\nintel_options=\"--splash x.bmp --cmdline /etc/kernel/intel\"\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.UnifiedKernelImage, detection.Kind);
        Assert.Equal(UkiBuilder.Mkinitcpio, detection.UkiBuilder);
        Assert.Equal(["/etc/kernel/nvidia", "/etc/kernel/intel"], detection.CommandLineFiles);
    }

    [Fact]
    public void Detect_KernelstubConfiguration_KernelstubEvenWithSystemdBootEntries()
    {
        using var fixture = new FixtureRoot()
            .With("etc/kernelstub/configuration", "{\"user\":{\"kernel_options\":[\"quiet\"]}}")
            .With("boot/efi/loader/entries/Pop_OS-current.conf", "linux /EFI/Pop_OS/vmlinuz.efi\noptions root=UUID=x ro quiet\n")
            .WithBytes(BootLoaderDetector.LoaderInfoVariable, EfiString("systemd-boot 251"));

        Assert.Equal(BootLoaderKind.Kernelstub, BootLoaderDetector.Detect(fixture.Root).Kind);
    }

    [Theory]
    [InlineData("ABCD-1234\n", false, true)]
    [InlineData("ABCD-1234 grub\n", true, false)]
    public void Detect_ProxmoxBootUuids_ModeFromTheFile(string uuids, bool grub, bool withCmdline)
    {
        using var fixture = new FixtureRoot().With("etc/kernel/proxmox-boot-uuids", uuids).With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
        if (withCmdline) fixture.With("etc/kernel/cmdline", "root=ZFS=rpool/ROOT/pve-1 boot=zfs\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.ProxmoxBootTool, detection.Kind);
        Assert.Equal(grub, detection.ProxmoxUsesGrub);
        Assert.Equal(grub ? "/etc/default/grub" : "/etc/kernel/cmdline", Assert.Single(detection.CommandLineFiles));
    }

    [Fact]
    public void Detect_RefindLinuxConfInEsp_Refind()
    {
        using var fixture = new FixtureRoot().With("boot/efi/EFI/gentoo/refind_linux.conf", "\"Default\" \"root=/dev/sda3 ro\"\n");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.Refind, detection.Kind);
        Assert.Equal(["/boot/efi/EFI/gentoo/refind_linux.conf"], detection.CommandLineFiles);
    }

    [Fact]
    public void Detect_LimineConf_Limine()
    {
        using var fixture = new FixtureRoot().With("boot/limine/limine.conf", "/Void\n    protocol: linux\n    cmdline: root=UUID=x rw\n");

        Assert.Equal(BootLoaderKind.Limine, BootLoaderDetector.Detect(fixture.Root).Kind);
    }

    [Fact]
    public void Detect_NothingKnown_UnknownListingWhereItLooked()
    {
        using var fixture = new FixtureRoot();

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.Unknown, detection.Kind);
        Assert.Contains("/etc/default/grub", detection.LookedAt);
        Assert.Contains("/boot/loader/entries/*.conf", detection.LookedAt);
        Assert.Contains(BootLoaderDetector.LoaderEntrySelectedVariable, detection.LookedAt);
    }

    [Fact]
    public void Detect_SymlinksLeadingOutsideTheRoot_NotFollowedAndNoException()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
        fixture.Root.CreateSymlink("boot/grub2", "/usr/share");
        fixture.Root.CreateSymlink("etc/kernelstub", "/etc");
        fixture.Root.CreateSymlink("efi", "/boot");

        var detection = BootLoaderDetector.Detect(fixture.Root);

        Assert.Equal(BootLoaderKind.Grub, detection.Kind);
        Assert.Equal(["/etc/default/grub"], detection.CommandLineFiles);
    }

    [Theory]
    [InlineData("arch", "arch.conf")]
    [InlineData("arch.conf", "arch.conf")]
    [InlineData("arch-*", "arch-rt.conf")]
    [InlineData("a?ch-lts", "arch-lts.conf")]
    public void MatchEntry_DefaultWithOrWithoutSuffixAndGlobs_Found(string pattern, string expected)
    {
        ConfigFile[] entries = [new("/boot/loader/entries/arch.conf", ""), new("/boot/loader/entries/arch-lts.conf", ""), new("/boot/loader/entries/arch-rt.conf", "")];

        Assert.Equal(expected, Path.GetFileName(BootLoaderDetector.MatchEntry(entries, pattern)?.Path));
    }

    [Fact]
    public void LoaderConfDefault_SavedOrMissing_Null()
    {
        Assert.Equal("arch-rt", BootLoaderDetector.LoaderConfDefault("timeout 3\ndefault arch-rt\neditor 1\n"));
        Assert.Equal("rEFInd", BootLoaderDetector.LoaderConfDefault("default\trEFInd\n"));
        Assert.Null(BootLoaderDetector.LoaderConfDefault("default @saved\n"));
        Assert.Null(BootLoaderDetector.LoaderConfDefault("timeout 3\n"));
    }

    [Fact]
    public void ReadEfiString_AttributeHeaderAndUtf16_Decoded()
    {
        using var fixture = new FixtureRoot().WithBytes("sys/firmware/efi/efivars/X-1", EfiString("Pop_OS-current.conf"));

        Assert.Equal("Pop_OS-current.conf", BootLoaderDetector.ReadEfiString(fixture.Root, "sys/firmware/efi/efivars/X-1"));
        Assert.Null(BootLoaderDetector.ReadEfiString(fixture.Root, "sys/firmware/efi/efivars/missing"));
    }

    private sealed class RecordingRunner : ICommandRunner
    {
        public List<CommandRequest> Requests { get; } = [];

        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(CommandResult.NotStarted("not run in this test"));
        }
    }
}
