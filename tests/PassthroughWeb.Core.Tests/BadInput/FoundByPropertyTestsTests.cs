using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Isolation.Initramfs;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Tests.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// One test per failure the property tests found, each reduced to the smallest input that showed it; each fails
/// without its fix. The list and counts are in docs/reliability.md ("Bad input").
/// </summary>
public sealed class FoundByPropertyTestsTests
{
    private static readonly IommuParameterSet Intel = IommuParameters.For(CpuVendor.Intel, IommuExtras.None);
    private static readonly InstalledKernel Kernel = new() { Version = "6.1.0-56-amd64", ModulesDirectory = "/lib/modules/6.1.0-56-amd64", Major = 6, Minor = 1 };

    [Fact]
    public void CommandLineFile_UnclosedDoubleQuote_RefusedInsteadOfAddingParametersInsideIt()
    {
        var edit = CommandLineFileEditor.Edit([new ConfigFile("/etc/kernel/cmdline", "root=UUID=0f1e rw acpi_osi=\"Windows 2019\n")], Intel, "test");

        Assert.Empty(edit.Files);
        Assert.Contains("never closed", edit.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoaderEntry_UnclosedDoubleQuoteInOptions_Refused()
    {
        var edit = LoaderEntryEditor.Edit([new ConfigFile("/boot/loader/entries/arch.conf", "title Arch\nlinux /vmlinuz-linux\noptions root=UUID=0f1e \"rw quiet\n")], Intel);

        Assert.Empty(edit.Files);
        Assert.Contains("never closed", edit.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoaderEntry_LinuxKeyWithoutValueAndNoOptions_NewOptionsLineHasABlankAfterTheKey()
    {
        var edit = LoaderEntryEditor.Edit([new ConfigFile("/boot/loader/entries/arch.conf", "title Arch\nlinux")], Intel);

        // The file had no final newline, and keeps having none.
        Assert.EndsWith("linux\noptions intel_iommu=on iommu=pt", Assert.Single(edit.Files).After, StringComparison.Ordinal);
    }

    [Fact]
    public void LoaderEntry_OptionsKeyEndingInCarriageReturn_ParametersGetALineOfTheirOwnAndASecondEditChangesNothing()
    {
        var entry = new ConfigFile("/boot/loader/entries/arch.conf", "title Arch\r\nlinux /vmlinuz-linux\r\noptions\r\n");
        var after = Assert.Single(LoaderEntryEditor.Edit([entry], Intel).Files).After;

        Assert.DoesNotContain("optionsintel", after, StringComparison.Ordinal);
        Assert.Empty(LoaderEntryEditor.Edit([entry with { Text = after }], Intel).Files);
    }

    [Fact]
    public void Grub_FileCutOffInsideAFunction_RefusedInsteadOfAppendingInsideTheFunction()
    {
        var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, "GRUB_TIMEOUT=5\naddargs() {\n\tGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n")], Intel);

        Assert.Contains("a function body that is never closed", edit.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(")f\\")]
    [InlineData("GRUB_TIMEOUT=5 \\\n")]
    public void Grub_FileEndingInALineContinuation_NewAssignmentIsNotJoinedToIt(string text)
    {
        var after = Assert.Single(GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], Intel).Files).After;

        Assert.Contains("\n\nGRUB_CMDLINE_LINUX_DEFAULT=\"intel_iommu=on iommu=pt\"", after[(text.Length - 1)..], StringComparison.Ordinal);
        Assert.False(GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, after)], Intel).Changes);
    }

    [Fact]
    public void Grub_HereDocument_RefusedInsteadOfMisread()
    {
        var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, "cat <<EOF\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nEOF\n")], Intel);

        Assert.Contains("here-document", edit.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Grub_UnmatchedSingleQuoteInsideTheValue_Refused()
    {
        var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet amd_iommu=on iommu=pt' splash\"\n")], Intel);

        Assert.Empty(edit.Files);
        Assert.Contains("single quote", edit.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash pcie_aspm=off\"\nGRUB_CMDLINE_LINUX_DEFAULT+=\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash pcie_aspm=off\"\nGRUB_CMDLINE_LINUX_DEFAULT+=\" nvme_core.default_ps_max_latency_us=0\"\n")]
    public void Grub_AppendAssignment_ParametersAreSeparateWordsAndASecondEditChangesNothing(string text)
    {
        var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], Intel);
        var after = new ConfigFile(GrubDefaultsEditor.MainFile, Assert.Single(edit.Files).After);

        var words = (GrubDefaultsEditor.ValueOf([after], GrubDefaultsEditor.DefaultVariable) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("pcie_aspm=off", words);
        Assert.Contains("intel_iommu=on", words);
        Assert.False(GrubDefaultsEditor.Edit([after], Intel).Changes, "editing the edited file changes it again");
    }

    [Fact]
    public void Grub_AssignmentBeforeACommandWordThatEndsTheLine_IsNotAnAssignmentOfTheShell()
    {
        // bash sets GRUB_CMDLINE_LINUX here only for the command "bID= quiet", so the file does not set it; the new
        // line must not go inside that command's quotes.
        const string text = "GRUB_CMDLINE_LINUX=\"resume=UU\"a b\"ID= \\\nquiet\"\n";

        var edit = GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, text)], Intel);
        var after = Assert.Single(edit.Files).After;

        Assert.Equal(text + "GRUB_CMDLINE_LINUX_DEFAULT=\"intel_iommu=on iommu=pt\"\n", after);
        Assert.False(GrubDefaultsEditor.Edit([new ConfigFile(GrubDefaultsEditor.MainFile, after)], Intel).Changes);
    }

    [Fact]
    public void PciIds_LineOfBlanksOnly_Skipped()
    {
        var database = PciIdDatabase.Parse("1002  Advanced Micro Devices, Inc. [AMD/ATI]\n \t \n\t73bf  Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]\n");

        Assert.NotNull(database);
    }

    [Fact]
    public void DomainXml_WithoutOsOrDevices_ReadAsAnErrorValue()
    {
        Assert.False(DomainDefinition.TryParse("<domain type='kvm'><name>win10</name><devices/></domain>", out _, out var noOs));
        Assert.False(DomainDefinition.TryParse("<domain type='kvm'><name>win10</name><os><type>hvm</type></os></domain>", out _, out var noDevices));

        Assert.Contains("no <os> element", noOs, StringComparison.Ordinal);
        Assert.Contains("no <devices> element", noDevices, StringComparison.Ordinal);
    }

    [Fact]
    public void GuestAgentReply_LoneSurrogate_MalformedInsteadOfThrowing()
    {
        var reply = GuestAgentReply.Parse("{\"return\": \"\ud800\"}");

        Assert.NotNull(reply.Malformed);
    }

    [Fact]
    public void VfioConf_LastLineContinuedWithABackslash_AddedLinesStartAfterAnEmptyLine()
    {
        const string text = "# ids of the card \\\n";
        var edit = new VfioConfEdit { WantedIds = ["1002:73bf"], ForbiddenIds = [], SoftdepModules = ["amdgpu"] };
        var (after, _) = VfioConfEditor.Edit(text, edit, ModprobeConfig.FromFiles([ModprobeConfig.Parse(VfioConfEditor.Path, text)]));

        var planned = ModprobeConfig.FromFiles([ModprobeConfig.Parse(VfioConfEditor.Path, after)]);
        Assert.Contains(planned.SoftdepFor("amdgpu")!.Pre, p => ModuleNames.SameModule(p, "vfio-pci"));
    }

    // Finding 16: kmod reads a backslash and the character after it as a pair (checked with modprobe -C --showconfig:
    // "disable_vga=1\\" then a softdep line gives two commands, "disable_vga=1\\\" joins them), so only an odd run of
    // backslashes continues a line.
    [Theory]
    [InlineData("options vfio-pci disable_vga=1\\\\\nsoftdep amdgpu pre: vfio-pci\n", true)]
    [InlineData("options vfio-pci disable_vga=1\\\\\\\nsoftdep amdgpu pre: vfio-pci\n", false)]
    public void VfioConf_RunOfBackslashesBeforeASoftdep_ContinuesTheLineOnlyWhenOdd_AndASecondEditChangesNothing(string text, bool softdepIsItsOwnLine)
    {
        var edit = new VfioConfEdit { WantedIds = ["1002:73bf"], ForbiddenIds = [], SoftdepModules = ["amdgpu"] };
        var config = ModprobeConfig.FromFiles([ModprobeConfig.Parse(VfioConfEditor.Path, text)]);

        Assert.Equal(softdepIsItsOwnLine, config.SoftdepFor("amdgpu") is not null);
        var (after, _) = VfioConfEditor.Edit(text, edit, config);
        var planned = ModprobeConfig.FromFiles([ModprobeConfig.Parse(VfioConfEditor.Path, after)]);
        Assert.Contains(planned.SoftdepFor("amdgpu")!.Pre, p => ModuleNames.SameModule(p, "vfio-pci"));
        Assert.Equal(after, VfioConfEditor.Edit(after, edit, planned).Text);
    }

    [Theory]
    [InlineData("HOOKS=(base udev modconf)\nMODULES=(btrfs vfio_pci\n")]
    [InlineData("MODULES=(btrfs vfi\"_pci vfio)\nHOOKS=(base udev modconf)\n")]
    public void Mkinitcpio_ListNeverClosed_BlockedInsteadOfEditedOrThrowing(string config)
    {
        using var host = new InitramfsTestRoot();
        host.Write(MkinitcpioPlanner.MainConfig, config);

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Findings, f => f.Message.Contains("never closed", StringComparison.Ordinal));
    }

    // Finding 18 (seed 7ylhTW0QUwi7): bash reads "HOOKS=()ase udev" as no list at all ("udev" becomes a command), and
    // "X=(a b)c" as the string "(a b)c": the words between the parentheses are not the tool's hooks.
    [Theory]
    [InlineData("HOOKS=()ase udev autodetect modconf block filesystems fsck\n", "'ase'")]
    [InlineData("MODULES=(btrfs)x\nHOOKS=(base udev modconf)\n", "'x'")]
    public void Mkinitcpio_TextGluedToTheClosingParenthesis_BlockedInsteadOfEdited(string config, string glued)
    {
        using var host = new InitramfsTestRoot();
        host.Write(MkinitcpioPlanner.MainConfig, config);

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Findings, f => f.Message.Contains($"has {glued} right after its closing )", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Plan.Files, f => f.Path == MkinitcpioPlanner.MainConfig && !f.IsNoOp);
    }

    [Theory]
    [InlineData("HOOKS=;true\n", "HOOKS=(modconf vfio-bind);true\n")]
    [InlineData("HOOKS=base\n", "HOOKS=(base vfio-bind modconf)\n")]
    [InlineData("HOOKS=()\n", "HOOKS=(modconf vfio-bind)\n")]
    public void Mkinitcpio_HooksBareOrEmpty_BecomeAnArrayWithABlankBetweenHooksAndASecondPlanChangesNothing(string hooks, string expected)
    {
        using var host = new InitramfsTestRoot();
        host.Write(MkinitcpioPlanner.MainConfig, "MODULES=(vfio_pci vfio vfio_iommu_type1)\n" + hooks);

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel]);
        var after = plan.Plan.Files.Single(f => f.Path == MkinitcpioPlanner.MainConfig).After;
        host.Write(MkinitcpioPlanner.MainConfig, after);
        var again = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel]);

        Assert.EndsWith(expected, after, StringComparison.Ordinal);
        Assert.All(again.Plan.Files.Where(f => f.Path == MkinitcpioPlanner.MainConfig), f => Assert.True(f.IsNoOp));
    }

    [Fact]
    public void Booster_OnlyANoBreakSpace_NotTurnedIntoAKeyWithTheSpaceInIt()
    {
        using var host = new InitramfsTestRoot();
        host.Write(BoosterPlanner.Config, "\u00a0");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
        Assert.DoesNotContain(plan.Plan.Files, f => f.Path == BoosterPlanner.Config);
    }

    [Fact]
    public void Booster_EditTheYamlWouldNotRead_Blocked()
    {
        using var host = new InitramfsTestRoot();
        // Two documents: the text edit goes to the end (the second), booster reads the first.
        host.Write(BoosterPlanner.Config, "compression: zstd\n---\nuniversal: true\n");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void Booster_GlobalTagThatIsNotAUri_BlockedInsteadOfThrowing()
    {
        using var host = new InitramfsTestRoot();
        // YamlDotNet throws ArgumentException, not YamlException, for a "!!" tag that does not make a URI.
        host.Write(BoosterPlanner.Config, "!!z.[\ncompression: zstd\n");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Findings, f => f.Message.Contains("not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public void VmPlanner_RomPathClimbingAboveTheRoot_ErrorValueInsteadOfAnException()
    {
        using var host = new TemporaryHostRoot();
        var scan = VmHosts.Scan(host);
        host.Root.CreateSymlink("/var/lib/libvirt/vbios/outside.rom", "/etc/shadow");
        var request = new VmPlanRequest { DomainName = "win10", Gpu = VmHosts.Gpu(0x2d), IsolatedFunctions = [VmHosts.Gpu(0x2d), VmHosts.Audio(0x2d)], RomFile = "/../../card.rom" };
        var snapshot = new VmDomainSnapshot { InactiveXml = "<domain type='kvm'><name>win10</name><os><type>hvm</type></os><devices/></domain>", State = DomainState.ShutOff, OtherDomains = [] };

        var climbing = VmPlanner.Plan(host.Root, scan, request, snapshot);
        var symlink = VmPlanner.Plan(host.Root, scan, request with { RomFile = "/var/lib/libvirt/vbios/outside.rom" }, snapshot);

        Assert.NotEqual(VmPlanOutcome.Planned, climbing.Outcome);
        Assert.Contains("climbs above", climbing.Message, StringComparison.Ordinal);
        Assert.NotEqual(VmPlanOutcome.Planned, symlink.Outcome);
        Assert.Contains("points outside the host root", symlink.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostRoot_TryResolve_EscapesAreRefusedAsValues()
    {
        using var host = new TemporaryHostRoot();
        host.Root.CreateSymlink("/etc/out", "/etc/shadow");

        Assert.True(host.Root.TryResolve("/etc/../etc/hostname", out var inside, out _));
        Assert.Equal(host.Combine("etc/hostname"), inside);
        Assert.False(host.Root.TryResolve("/../etc/shadow", out _, out var climbing));
        Assert.Contains("climbs above the host root", climbing, StringComparison.Ordinal);
        Assert.False(host.Root.TryResolve("/etc/out", out _, out var link));
        Assert.Contains("points outside the host root", link, StringComparison.Ordinal);
        Assert.False(host.Root.TryResolve("/etc/host\0name", out _, out var nul));
        Assert.Contains("NUL", nul, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/lib/libvirt/vbios/card.rom", null)]
    [InlineData("/var/lib/../lib/card.rom", null)]
    [InlineData("card.rom", "is not absolute")]
    [InlineData("/../card.rom", "climbs above")]
    [InlineData("/var/../../card.rom", "climbs above")]
    [InlineData("", "is empty")]
    public void HostFilePath_Problem_SaysWhatIsAccepted(string path, string? expected)
    {
        var problem = HostFilePath.Problem(path, "The ROM file path");

        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
