using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>
/// Requests the planner refuses from the host's side alone, before it asks libvirt anything: sizes that take what
/// the host keeps, ISOs that are not there, names libvirt or virsh would trip over, cards that do not exist.
/// The guide's workstation has 12 logical CPUs (6 cores, SMT) and, here, 32 GiB.
/// </summary>
public sealed class VmCreationPlannerTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly NewVmHost _host = new();

    // Never reached: every request here is refused before the daemon is asked (a call would add a 'libvirt' refusal).
    private VmCreationPlanner Planner => new(_host.Root, new Virsh(new ProcessCommandRunner(), "qemu:///system"));

    private static NewVmRequest Request => new()
    {
        Name = "win11",
        Windows = WindowsVersion.Windows11,
        InstallIsoPath = NewVmHost.Win11Iso,
        Gpu = SampleWorkstation.GuestGpu,
    };

    [Fact]
    public async Task Plan_AllCores_RefusedBecauseTheHostKeepsTwoCores()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { VirtualCpus = 12 }, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("cpus", refusal.Subject);
        Assert.Equal("12 vCPUs would take CPUs the host needs: the host has 12 logical CPUs (2 threads per core), and the guide keeps at least 2 cores (4 logical CPUs) for it.", refusal.Message);
        Assert.Equal("Give the VM at most 8 vCPUs.", refusal.WhatToDo);
        Assert.Null(result.Plan);
    }

    [Fact]
    public async Task Plan_AllMemory_RefusedBecauseTheHostKeepsAQuarter()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { MemoryBytes = NewVmHost.MemoryBytes }, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("memory", refusal.Subject);
        Assert.Equal("32 GiB for the VM would leave the host less than 8 GiB of its 32 GiB (it keeps 4 GiB or a quarter, whichever is more).", refusal.Message);
        Assert.Equal("Give the VM at most 24 GiB.", refusal.WhatToDo);
    }

    [Fact]
    public async Task Plan_SmallHost_RefusesWindows11ForWantOfCoresAndMemory()
    {
        // Two cores without SMT and 6 GiB: the guide's reserve leaves no CPU and 2 GiB.
        var cpuinfo = string.Concat(Enumerable.Range(0, 2).Select(i => $"processor\t: {i}\nvendor_id\t: GenuineIntel\nsiblings\t: 2\ncpu cores\t: 2\nflags\t\t: vmx\n\n"));
        _host.Root.WriteText("proc/cpuinfo", cpuinfo);
        _host.Root.WriteText("proc/meminfo", "MemTotal:        6291456 kB\n");

        var result = await Planner.PlanAsync(_host.Scan(), Request, Ct);

        Assert.Equal(["cpus", "memory"], result.Refusals.Select(r => r.Subject));
        Assert.Contains("leaves none for a VM", result.Refusals[0].Message, StringComparison.Ordinal);
        Assert.Equal("This host cannot spare the 4 GiB Windows 11 needs.", result.Refusals[1].WhatToDo);
    }

    [Fact]
    public async Task Plan_BelowWindows11Minimums_RefusedWithSetupsReasons()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { VirtualCpus = 1, MemoryBytes = 2L << 30, DiskBytes = 40L << 30 }, Ct);

        Assert.Equal(["cpus", "memory", "disk"], result.Refusals.Select(r => r.Subject));
        Assert.Equal("Windows 11 Setup requires at least 2 vCPUs (asked: 1).", result.Refusals[0].Message);
        Assert.Equal("Windows 11 needs at least 4 GiB of memory (asked: 2 GiB).", result.Refusals[1].Message);
        Assert.Equal("Windows 11 needs a disk of at least 64 GiB (asked: 40 GiB).", result.Refusals[2].Message);
    }

    [Fact]
    public async Task Plan_IsoThatDoesNotExist_RefusedWithWhereToGetIt()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { InstallIsoPath = "/home/user/Downloads/Win11.iso" }, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("iso", refusal.Subject);
        Assert.Equal("The Windows installation ISO '/home/user/Downloads/Win11.iso' does not exist on the host.", refusal.Message);
        Assert.Contains("microsoft.com/software-download/windows11", refusal.WhatToDo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Downloads/Win11.iso", "must be given as a full path")]
    [InlineData("/srv/isos", "is a directory, not a file")]
    [InlineData("/srv/../../etc/passwd", "cannot be used")]
    public async Task Plan_IsoPathNotAFileUnderTheRoot_Refused(string path, string expected)
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { InstallIsoPath = path }, Ct);

        Assert.Contains(expected, Assert.Single(result.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_IsoInAClosedHomeDirectory_WarnsThatQemuCannotReachIt()
    {
        // Debian 12 makes home directories 0700; libvirt gives QEMU the file, not the directories above it.
        _host.Root.WriteText("/home/alice/Downloads/Win11.iso", "");
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(_host.Root.Resolve("/home/alice"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await Planner.PlanAsync(_host.Scan(), Request with { InstallIsoPath = "/home/alice/Downloads/Win11.iso" }, Ct);
        _host.Root.WriteText("etc/libvirt/qemu.conf", "# QEMU as root, as some guides advise\nuser = \"root\"\n");
        var asRoot = await Planner.PlanAsync(_host.Scan(), Request with { InstallIsoPath = "/home/alice/Downloads/Win11.iso" }, Ct);

        var warning = Assert.Single(result.Findings, f => f.Subject == "iso");
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains("'/home/alice', which QEMU (running as libvirt's unprivileged user) cannot enter", warning.Message, StringComparison.Ordinal);
        Assert.Contains("chmod o+x /home/alice", warning.WhatToDo, StringComparison.Ordinal);
        Assert.DoesNotContain(asRoot.Findings, f => f.Subject == "iso");
    }

    [Fact]
    public async Task Plan_VirtioWinIsoMissing_RefusedNamingThatIso()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { VirtioWinIsoPath = "/srv/isos/virtio-win.iso" }, Ct);

        Assert.Equal("The virtio-win driver ISO '/srv/isos/virtio-win.iso' does not exist on the host.", Assert.Single(result.Refusals).Message);
    }

    [Theory]
    [InlineData("win/11", "contains '/'")]
    [InlineData("win\n11", "control character")]
    [InlineData(" win11", "starts or ends with a blank")]
    [InlineData("1234", "only digits")]
    [InlineData("6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "looks like a UUID")]
    [InlineData("", "needs a name")]
    public async Task Plan_NameLibvirtOrVirshWouldTripOver_Refused(string name, string expected)
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { Name = name }, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("name", refusal.Subject);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_NoCardAtThatAddress_Refused()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { Gpu = new(0, 0x42, 0, 0) }, Ct);

        Assert.Equal("The scan found no graphics card at 0000:42:00.0.", Assert.Single(result.Refusals).Message);
    }

    [Fact]
    public async Task Plan_NoOvmfInACopyOfAHost_RefusedSayingTheCopyLacksItAndWhatTheHostWouldInstall()
    {
        using var host = new NewVmHost(firmware: false);

        // libvirt's test driver: the refusal must not depend on whether this machine's libvirtd runs at the moment.
        var virsh = new Virsh(new ProcessCommandRunner(), "test:///default");
        var result = await new VmCreationPlanner(host.Root, virsh).PlanAsync(host.Scan(), Request, Ct);

        var refusal = Assert.Single(result.Refusals, r => r.Subject == "firmware");
        // Installing OVMF on this machine would change nothing the planner reads under the copy.
        Assert.StartsWith($"This is a copy of a host at {host.Root.Path}, and it has no OVMF files", refusal.WhatToDo, StringComparison.Ordinal);
        Assert.Contains("apt install ovmf", refusal.WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BridgeNameNoInterfaceCanHave_Refused()
    {
        var result = await Planner.PlanAsync(_host.Scan(), Request with { Network = VmNetwork.HostBridge("bridge-for-the-vm") }, Ct);

        Assert.Contains("cannot be a Linux interface name", Assert.Single(result.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_LibvirtNotReachable_RefusedWithHowToStartIt()
    {
        var virsh = new Virsh(new ProcessCommandRunner(), "qemu+unix:///system?socket=/nonexistent/libvirt-sock");

        var result = await new VmCreationPlanner(_host.Root, virsh).PlanAsync(_host.Scan(), Request, Ct);

        var refusal = Assert.Single(result.Refusals);
        Assert.Equal("libvirt", refusal.Subject);
        Assert.StartsWith("libvirtd is not running or not reachable at qemu+unix:///system?socket=/nonexistent/libvirt-sock", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VolumeName_OddVmNames_BecomeFileNamesAShellAndVolCreateAsAccept()
    {
        Assert.Equal("win11.qcow2", VmCreationPlanner.VolumeName("win11"));
        Assert.Equal("Gaming_PC__RTX_3080_.qcow2", VmCreationPlanner.VolumeName("Gaming PC (RTX 3080)"));
        Assert.Equal("a_b_c_d.qcow2", VmCreationPlanner.VolumeName("a&b<c'd"));
        Assert.Equal("Grüße-名前.qcow2", VmCreationPlanner.VolumeName("Grüße-名前"));
        Assert.Equal("_hidden.qcow2", VmCreationPlanner.VolumeName(".hidden"));
        Assert.Equal("_option.qcow2", VmCreationPlanner.VolumeName("-option"));
    }

    public void Dispose() => _host.Dispose();
}
