using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>The editors of line-based formats: loader entries, cmdline files, refind_linux.conf, Limine, uki.conf.</summary>
public sealed class LineEditorsTests
{
    private static readonly IommuParameterSet Intel = IommuParameters.For(CpuVendor.Intel, IommuExtras.None);

    [Fact]
    public void LoaderEntry_TabSeparatedOptions_ParametersAppendedTabKept()
    {
        var entry = new ConfigFile("/boot/loader/entries/arch.conf", "title\tArch\nlinux\t/vmlinuz-linux\ninitrd\t/initramfs-linux.img\noptions\troot=LABEL=Arch rw\n\n");

        var edit = LoaderEntryEditor.Edit([entry], Intel);

        Assert.Equal("title\tArch\nlinux\t/vmlinuz-linux\ninitrd\t/initramfs-linux.img\noptions\troot=LABEL=Arch rw intel_iommu=on iommu=pt\n\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void LoaderEntry_TwoOptionsLines_OneCommandLineAddedToTheLast()
    {
        var entry = new ConfigFile("/efi/loader/entries/a.conf", "linux /vmlinuz\noptions root=/dev/sda2 intel_iommu=on\noptions quiet\n");

        var edit = LoaderEntryEditor.Edit([entry], Intel);

        Assert.Equal("linux /vmlinuz\noptions root=/dev/sda2 intel_iommu=on\noptions quiet iommu=pt\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void LoaderEntry_NoOptionsLine_OneAddedAfterInitrdInTheEntrysSpacing()
    {
        var entry = new ConfigFile("/boot/loader/entries/a.conf", "title   A\nlinux   /vmlinuz\ninitrd  /initrd.img\nsort-key a");

        var edit = LoaderEntryEditor.Edit([entry], Intel);

        Assert.Equal("title   A\nlinux   /vmlinuz\ninitrd  /initrd.img\noptions  intel_iommu=on iommu=pt\nsort-key a", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void LoaderEntry_EfiProgramEntry_LeftAloneWithANote()
    {
        var entry = new ConfigFile("/boot/loader/entries/windows.conf", "title   Windows Boot Manager\nefi     /shellx64.efi\noptions -nointerrupt -nomap -noversion FS0:EFI\\Microsoft\\Boot\\Bootmgfw.efi\n");

        var edit = LoaderEntryEditor.Edit([entry], Intel);

        Assert.Empty(edit.Files);
        Assert.Contains(edit.Notes, n => n.Contains("left alone", StringComparison.Ordinal));
    }

    [Fact]
    public void LoaderEntry_OtherSystemsRoot_LeftAlone()
    {
        var ours = new ConfigFile("/boot/loader/entries/a.conf", "linux /vmlinuz\noptions root=UUID=aaa rw\n");
        var theirs = new ConfigFile("/boot/loader/entries/b.conf", "linux /vmlinuz\noptions root=UUID=bbb rw\n");

        var edit = LoaderEntryEditor.Edit([ours, theirs], Intel, bootedRoot: "UUID=aaa");

        Assert.Equal("/boot/loader/entries/a.conf", Assert.Single(edit.Files).Path);
        Assert.Contains(edit.Notes, n => n.Contains("boots another system", StringComparison.Ordinal));
    }

    [Fact]
    public void CmdlineFile_MultiLineWithComments_AddedToLastParameterLine()
    {
        var file = new ConfigFile("/etc/kernel/cmdline", "# header\nroot=UUID=x ro\nquiet\n# rd.shell=0\n\n");

        var edit = CommandLineFileEditor.Edit([file], Intel, "test");

        Assert.Equal("# header\nroot=UUID=x ro\nquiet intel_iommu=on iommu=pt\n# rd.shell=0\n\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void CmdlineFile_NoFinalNewline_StaysWithout()
    {
        var edit = CommandLineFileEditor.Edit([new ConfigFile("/etc/kernel/cmdline", "root=LABEL=r rw")], Intel, "test");

        Assert.Equal("root=LABEL=r rw intel_iommu=on iommu=pt", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void CmdlineFile_OnlyComments_LineAdded()
    {
        var edit = CommandLineFileEditor.Edit([new ConfigFile("/etc/kernel/cmdline", "# nothing yet")], Intel, "test");

        Assert.Equal("# nothing yet\nintel_iommu=on iommu=pt\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void CmdlineFile_SeveralDropIns_OneCommandLineConflictReplacedWhereItIs()
    {
        var a = new ConfigFile("/etc/cmdline.d/10-iommu.conf", "intel_iommu=off\n");
        var b = new ConfigFile("/etc/cmdline.d/20-root.conf", "root=gpt-auto\nrw\n");

        var edit = CommandLineFileEditor.Edit([a, b], Intel, "test");

        Assert.Equal(2, edit.Files.Count);
        Assert.Equal("intel_iommu=on\n", edit.Files[0].After);
        Assert.Equal("root=gpt-auto\nrw iommu=pt\n", edit.Files[1].After);
    }

    [Fact]
    public void Refind_EachLine_OptionsGetParametersTitlesAndSpacingStay()
    {
        var file = new ConfigFile("/boot/refind_linux.conf", "\"Boot with standard options\"  \"root=UUID=x rw quiet\"\n\"Boot with minimal options\"   \"ro root=/dev/sda3\"\n");

        var edit = RefindLinuxConfEditor.Edit(file, Intel);

        Assert.Equal("\"Boot with standard options\"  \"root=UUID=x rw quiet intel_iommu=on iommu=pt\"\n\"Boot with minimal options\"   \"ro root=/dev/sda3 intel_iommu=on iommu=pt\"\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Limine_V8EntryWithoutCmdline_CmdlineLineAddedInItsIndentation()
    {
        var file = new ConfigFile("/boot/limine.conf", "timeout: 3\n\n/Linux\n    protocol: linux\n    path: boot():/vmlinuz\n    module_path: boot():/initramfs.img\n");

        var edit = LimineConfigEditor.Edit(file, Intel);

        Assert.Equal("timeout: 3\n\n/Linux\n    protocol: linux\n    path: boot():/vmlinuz\n    cmdline: intel_iommu=on iommu=pt\n    module_path: boot():/initramfs.img\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Limine_LegacyKernelCmdlineAndChainloadEntry_OnlyLinuxEntryEdited()
    {
        var file = new ConfigFile("/boot/limine.cfg", ":Linux ${VER}\nPROTOCOL=linux\nKERNEL_PATH=boot:///vmlinuz\nKERNEL_CMDLINE=root=UUID=x rw\n\n:Windows\nPROTOCOL=chainload\nCMDLINE=whatever\n");

        var edit = LimineConfigEditor.Edit(file, Intel);

        Assert.Equal(":Linux ${VER}\nPROTOCOL=linux\nKERNEL_PATH=boot:///vmlinuz\nKERNEL_CMDLINE=root=UUID=x rw intel_iommu=on iommu=pt\n\n:Windows\nPROTOCOL=chainload\nCMDLINE=whatever\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void UkiConfig_LiteralCmdline_EditedInItsSection()
    {
        var file = new ConfigFile(UkiConfigEditor.Path, "[UKI]\nLinux=/boot/vmlinuz\nCmdline=root=LABEL=r quiet\n\n[PCRSignature:initrd]\nPhases=enter-initrd\n");

        var edit = UkiConfigEditor.Edit(file, Intel);

        Assert.Equal("[UKI]\nLinux=/boot/vmlinuz\nCmdline=root=LABEL=r quiet intel_iommu=on iommu=pt\n\n[PCRSignature:initrd]\nPhases=enter-initrd\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void UkiConfig_CmdlineFromFile_NamesTheFile()
    {
        Assert.Equal("/etc/kernel/cmdline", UkiConfigEditor.CmdlineFileOf("[UKI]\nCmdline=@/etc/kernel/cmdline\n"));
        Assert.Null(UkiConfigEditor.CmdlineFileOf("[UKI]\nCmdline=quiet\n"));
        Assert.Null(UkiConfigEditor.CmdlineOf("[UKI]\nSecureBootSigningTool=sbsign\n"));
    }

    [Fact]
    public void Kernelstub_OptionsArrayAndString_Read()
    {
        Assert.Equal(["quiet", "splash"], KernelstubConfig.KernelOptions("{\"user\":{\"kernel_options\":[\"quiet\",\"splash\"]}}", out _));
        Assert.Equal(["quiet", "splash"], KernelstubConfig.KernelOptions("{\"user\":{\"kernel_options\":\"quiet splash\"}}", out _));
        Assert.Null(KernelstubConfig.KernelOptions("{not json", out var problem));
        Assert.Contains("not valid JSON", problem, StringComparison.Ordinal);
    }
}
