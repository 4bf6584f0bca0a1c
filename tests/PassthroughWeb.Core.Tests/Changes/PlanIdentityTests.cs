using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Changes;

/// <summary>
/// A plan's id is the same exactly when the plan would do the same thing: any byte of a file, a VM definition, a
/// command argument, the card, the steps or an option makes it another plan, and the comparison says which.
/// </summary>
public sealed class PlanIdentityTests
{
    private const string Host = "workstation";
    private static readonly PciAddress Card = new(0, 0x07, 0, 0);

    private const string DebianGrub =
        """
        # If you change this file, run 'update-grub' afterwards to update
        # /boot/grub/grub.cfg.
        # For full documentation of the options in this file, see:
        #   info -f grub -n 'Simple configuration'

        GRUB_DEFAULT=0
        GRUB_TIMEOUT=5
        GRUB_DISTRIBUTOR=`( . /etc/os-release; echo ${NAME:-Debian} ) 2>/dev/null || echo Debian`
        GRUB_CMDLINE_LINUX_DEFAULT="quiet"
        GRUB_CMDLINE_LINUX=""

        """;

    private static readonly string GrubWithIommu = DebianGrub.Replace("\"quiet\"", "\"quiet amd_iommu=on iommu=pt\"", StringComparison.Ordinal);

    private const string VfioConf = "options vfio-pci ids=10de:2684,10de:22ba\nsoftdep nvidia pre: vfio-pci\n";

    private const string Win11 =
        """
        <domain type='kvm'>
          <name>win11</name>
          <memory unit='KiB'>16777216</memory>
          <vcpu placement='static'>8</vcpu>
          <os firmware='efi'><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
          <devices>
            <hostdev mode='subsystem' type='pci' managed='yes'>
              <source><address domain='0x0000' bus='0x07' slot='0x00' function='0x0'/></source>
            </hostdev>
          </devices>
        </domain>
        """;

    private static readonly string Win11WithAudio = Win11.Replace("</devices>",
        "  <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x07' slot='0x00' function='0x1'/></source></hostdev>\n  </devices>",
        StringComparison.Ordinal);

    private static FileChange Grub(string before = DebianGrub, string? after = null) =>
        new() { Path = "/etc/default/grub", Before = before, After = after ?? GrubWithIommu, Reason = "turn on the IOMMU" };

    private static FileChange Vfio(string? before = null, string after = VfioConf) =>
        new() { Path = "/etc/modprobe.d/vfio.conf", Before = before, After = after, Mode = (UnixFileMode)0b110_100_100, Reason = "bind the card to vfio-pci" };

    private static CommandStep Command(string program, params string[] arguments) => new(new CommandRequest(program, arguments), "test");

    private static CommandStep UpdateGrub => Command("update-grub");
    private static CommandStep UpdateInitramfs => Command("update-initramfs", "-u", "-k", "all");

    private static ChangePlan HostPlan(IReadOnlyList<FileChange>? files = null, IReadOnlyList<CommandStep>? commands = null, IReadOnlyList<string>? steps = null) =>
        new()
        {
            Steps = steps ?? ["host", "isolate"],
            Summary = "Turn on the IOMMU and bind 0000:07:00.0 to vfio-pci",
            Files = files ?? [Grub(), Vfio()],
            Commands = commands ?? [UpdateGrub, UpdateInitramfs],
            NeedsReboot = true,
        };

    private static DomainChange Domain(string? before = null, string after = Win11, long capacity = 128L << 30) =>
        new()
        {
            Connection = "qemu:///system",
            Name = "win11",
            Before = before,
            After = after,
            Reason = "define the VM",
            NewVolume = before is null ? new DiskVolume { Pool = "default", Name = "win11.qcow2", CapacityBytes = capacity } : null,
        };

    private static ChangePlan VmPlan(DomainChange? domain = null) =>
        new() { Steps = ["vm"], Summary = "Define win11", Files = [], Commands = [], Domains = [domain ?? Domain()] };

    private static PlanIdentity Id(ChangePlan plan, PciAddress? gpu = null, IEnumerable<PlanInput>? inputs = null, string host = Host) =>
        PlanIdentity.Of(host, gpu ?? Card, plan, inputs);

    [Fact]
    public void SamePlan_BuiltTwice_HasTheSameWellFormedId()
    {
        var first = Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.1")]);
        var second = Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.1")]);

        Assert.Equal(first.Id, second.Id);
        Assert.Matches("^pl_[0-9a-f]{24}$", first.Id);
        Assert.True(PlanIdentity.IsWellFormedId(first.Id));
        Assert.Empty(PlanIdentity.Compare(first, second));
    }

    [Fact]
    public void Id_DoesNotDependOnTheReasonsOrSummaryShownBesideIt()
    {
        var reworded = HostPlan() with { Summary = "Another summary", Notes = ["a note"] };

        Assert.Equal(Id(HostPlan()).Id, Id(reworded).Id);
    }

    public static TheoryData<string> Changes =>
    [
        "a byte of the host's grub file", "a byte the plan writes to grub", "the mode of a new file", "a file the host now has",
        "a domain's definition on the host", "the definition the plan gives", "the new volume's size", "a command argument",
        "another command", "the card", "no card", "a step", "an option's value", "another option", "another host",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void AnySingleChange_GivesAnotherId(string change)
    {
        var host = Id(HostPlan()).Id;
        var vm = Id(VmPlan(Domain(before: Win11, after: Win11WithAudio))).Id;
        var options = Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.1")]).Id;

        var (shown, now) = change switch
        {
            "a byte of the host's grub file" => (host, Id(HostPlan([Grub(before: DebianGrub.Replace("TIMEOUT=5", "TIMEOUT=6", StringComparison.Ordinal)), Vfio()])).Id),
            "a byte the plan writes to grub" => (host, Id(HostPlan([Grub(after: GrubWithIommu.Replace("iommu=pt", "iommu=on", StringComparison.Ordinal)), Vfio()])).Id),
            "the mode of a new file" => (host, Id(HostPlan([Grub(), Vfio() with { Mode = (UnixFileMode)0b110_000_000 }])).Id),
            "a file the host now has" => (host, Id(HostPlan([Grub(), Vfio(before: "")])).Id),
            "a domain's definition on the host" => (vm, Id(VmPlan(Domain(before: Win11.Replace("8</vcpu>", "4</vcpu>", StringComparison.Ordinal), after: Win11WithAudio))).Id),
            "the definition the plan gives" => (vm, Id(VmPlan(Domain(before: Win11, after: Win11WithAudio.Replace("function='0x1'", "function='0x2'", StringComparison.Ordinal)))).Id),
            "the new volume's size" => (Id(VmPlan()).Id, Id(VmPlan(Domain(capacity: 64L << 30))).Id),
            "a command argument" => (host, Id(HostPlan(commands: [UpdateGrub, Command("update-initramfs", "-u", "-k", "6.1.0-28-amd64")])).Id),
            "another command" => (host, Id(HostPlan(commands: [UpdateGrub])).Id),
            "the card" => (host, Id(HostPlan(), gpu: new PciAddress(0, 0x0a, 0, 0)).Id),
            "no card" => (host, PlanIdentity.Of(Host, null, HostPlan()).Id),
            "a step" => (host, Id(HostPlan(steps: ["host"])).Id),
            "an option's value" => (options, Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.2")]).Id),
            "another option" => (options, Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.1"), new PlanInput("memory", "16384")]).Id),
            "another host" => (host, Id(HostPlan(), host: "workstation2").Id),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "no such change"),
        };

        Assert.NotEqual(shown, now);
    }

    [Fact]
    public void Encoding_IsLengthPrefixed_SoSplittingTextDifferentlyIsAnotherPlan()
    {
        Assert.NotEqual(Id(HostPlan(steps: ["ab", "c"])).Id, Id(HostPlan(steps: ["a", "bc"])).Id);
        Assert.NotEqual(
            Id(HostPlan(commands: [Command("update-initramfs", "-u", "-k all")])).Id,
            Id(HostPlan(commands: [Command("update-initramfs", "-u -k", "all")])).Id);
        Assert.NotEqual(
            Id(HostPlan(commands: [Command("update-initramfs", "-u", "-k", "all")])).Id,
            Id(HostPlan(commands: [Command("update-initramfs", "-u", "-k", "all", "")])).Id);
    }

    [Fact]
    public void AbsentFile_AndEmptyFile_AreDifferentPlans()
    {
        var absent = Id(HostPlan([Vfio(before: null)]));
        var empty = Id(HostPlan([Vfio(before: "")]));

        Assert.NotEqual(absent.Id, empty.Id);
        Assert.Equal(PlanPart.Absent, absent.Parts.Single(p => p.Kind == PlanPartKind.FileBefore).Hash);
        Assert.Equal(["/etc/modprobe.d/vfio.conf now exists on the host; it did not when the plan was shown"], PlanIdentity.Compare(absent, empty));
        Assert.Equal(["/etc/modprobe.d/vfio.conf was removed from the host since the plan was shown"], PlanIdentity.Compare(empty, absent));
    }

    [Fact]
    public void EmptyPlan_HasAnId_OtherThanAPlanThatDoesSomething()
    {
        var nothing = new ChangePlan { Steps = ["host", "isolate"], Summary = "Nothing to do", Files = [Grub(before: GrubWithIommu)], Commands = [] };
        Assert.True(nothing.IsEmpty);

        var identity = Id(nothing);

        Assert.True(PlanIdentity.IsWellFormedId(identity.Id));
        Assert.NotEqual(Id(HostPlan()).Id, identity.Id);
        Assert.Equal(identity.Id, Id(nothing).Id);
    }

    [Fact]
    public void Compare_HostFileChanged_NamesTheFile()
    {
        var shown = Id(HostPlan());
        var now = Id(HostPlan([Grub(before: DebianGrub.Replace("TIMEOUT=5", "TIMEOUT=10", StringComparison.Ordinal)), Vfio()]));

        Assert.Equal(["/etc/default/grub changed on the host since the plan was shown"], PlanIdentity.Compare(shown, now));
    }

    [Fact]
    public void Compare_PlanWritesOtherContent_SaysThePlanChangedNotTheHost()
    {
        var shown = Id(HostPlan());
        var now = Id(HostPlan([Grub(), Vfio(after: VfioConf + "options vfio-pci disable_vga=1\n")]));

        Assert.Equal(["the plan now writes different content to /etc/modprobe.d/vfio.conf"], PlanIdentity.Compare(shown, now));
    }

    [Fact]
    public void Compare_FileAddedAndDropped_NamesBoth()
    {
        var shown = Id(HostPlan([Grub()]));
        var now = Id(HostPlan([Vfio()]));

        Assert.Equal(
            ["the plan now also writes /etc/modprobe.d/vfio.conf", "the plan no longer writes /etc/default/grub"],
            PlanIdentity.Compare(shown, now));
    }

    [Fact]
    public void Compare_DomainChanged_NamesTheVm()
    {
        var shown = Id(VmPlan(Domain(before: Win11, after: Win11WithAudio)));
        var onHost = Id(VmPlan(Domain(before: Win11.Replace("16777216", "8388608", StringComparison.Ordinal), after: Win11WithAudio)));
        var inPlan = Id(VmPlan(Domain(before: Win11, after: Win11WithAudio.Replace("8</vcpu>", "12</vcpu>", StringComparison.Ordinal))));
        var created = Id(VmPlan(Domain(before: null, after: Win11WithAudio)));

        Assert.Equal(["the VM win11's definition changed since the plan was shown"], PlanIdentity.Compare(shown, onHost));
        Assert.Equal(["the plan now defines the VM win11 differently"], PlanIdentity.Compare(shown, inPlan));
        Assert.Equal(["the VM win11 was undefined since the plan was shown"], PlanIdentity.Compare(shown, created));
    }

    [Fact]
    public void Compare_Commands_NamesTheNewAndTheDropped()
    {
        var shown = Id(HostPlan(commands: [UpdateGrub]));
        var now = Id(HostPlan(commands: [UpdateInitramfs]));

        Assert.Equal(
            ["the command update-initramfs -u -k all is new", "the command update-grub is no longer planned"],
            PlanIdentity.Compare(shown, now));
    }

    [Fact]
    public void Compare_CardStepsAndHost_AreNamed()
    {
        var shown = Id(HostPlan());
        var now = PlanIdentity.Of("workstation2", new PciAddress(0, 0x0a, 0, 0), HostPlan(steps: ["isolate"]));

        Assert.Equal(
            [
                "the plan was shown for the host workstation, not workstation2",
                "the card is now 0000:0a:00.0 (it was 0000:07:00.0)",
                "the steps are now isolate (they were host, isolate)",
            ],
            PlanIdentity.Compare(shown, now));
    }

    [Fact]
    public void Compare_Options_AreNamedButTheirValuesAreNotKept()
    {
        var shown = Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.1"), new PlanInput("password", "hunter2")]);
        var now = Id(HostPlan(), inputs: [new PlanInput("extras", "0000:07:00.2"), new PlanInput("memory", "16384")]);

        Assert.Equal(["the option extras changed", "the option memory is new", "the option password is no longer given"], PlanIdentity.Compare(shown, now));
        Assert.DoesNotContain(shown.Parts, p => p.Hash.Contains("hunter2", StringComparison.Ordinal) || p.Name.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_SameThingsInAnotherOrder_IsStillAnotherPlan()
    {
        var shown = Id(HostPlan(commands: [UpdateGrub, UpdateInitramfs]));
        var now = Id(HostPlan(commands: [UpdateInitramfs, UpdateGrub]));

        Assert.NotEqual(shown.Id, now.Id);
        Assert.Equal(["the plan now does the same things in a different order"], PlanIdentity.Compare(shown, now));
    }

    [Theory]
    [InlineData("pl_0123456789abcdef01234567", true)]
    [InlineData("pl_0123456789ABCDEF01234567", false)]
    [InlineData("pl_0123456789abcdef0123456", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("pl_0123456789abcdef01234567/..", false)]
    [InlineData("pl_0123456789abcdef01234567\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWellFormedId_AcceptsOnlyTheShapeThisAppMakes(string? text, bool expected) =>
        Assert.Equal(expected, PlanIdentity.IsWellFormedId(text));
}
