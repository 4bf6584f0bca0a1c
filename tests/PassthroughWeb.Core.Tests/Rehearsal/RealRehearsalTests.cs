using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// The reboot rehearsed for real: Debian's kernel boots under QEMU (TCG) with an emulated IOMMU and an image that
/// mkinitramfs or dracut built from the plan our own planner made for a host with two identical display devices, and
/// the guest itself reports which driver took which device. The negative controls are broken on purpose and must fail
/// with the reason in words.
/// </summary>
[Collection(RehearsalCollection.Name)]
public sealed class RealRehearsalTests(RehearsalImages images)
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task InitramfsTools_PlanForTheCardAt04_BindsExactlyThatOneWhileTheOtherKeepsBochs()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);
        Assert.Equal(BindingMethod.ByAddress, built.Plan.Binding!.Method);

        var report = await BootAsync(built, new RehearsalBootOptions());

        AssertPassed(report);
        AssertBound(report, card: RehearsalHost.Slot4, kept: RehearsalHost.Slot3, keptDriver: "bochs-drm");
        Assert.Equal(RehearsalIommu.Intel, report.Setup!.Iommu);
        Assert.Contains("intel_iommu=on", report.Evidence!.CommandLine, StringComparison.Ordinal);
        Assert.Equal("initramfs-tools", report.Evidence.System);
    }

    [Fact]
    public async Task InitramfsTools_AddressesSwapped_BindsTheCardAt03()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot4);

        var report = await BootAsync(built, new RehearsalBootOptions());

        AssertPassed(report);
        AssertBound(report, card: RehearsalHost.Slot3, kept: RehearsalHost.Slot4, keptDriver: "bochs-drm");
    }

    [Fact]
    public async Task Dracut_PlanForTheCardAt04_BindsExactlyThatOne()
    {
        var built = await images.GetAsync(InitramfsSystem.Dracut, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);

        var report = await BootAsync(built, new RehearsalBootOptions());

        AssertPassed(report);
        AssertBound(report, card: RehearsalHost.Slot4, kept: RehearsalHost.Slot3, keptDriver: "bochs-drm");
        Assert.Equal("dracut", report.Evidence!.System);
    }

    [Fact]
    public async Task Dracut_AddressesSwappedOnAnAmdHost_BindsTheCardAt03UnderAmdVi()
    {
        var built = await images.GetAsync(InitramfsSystem.Dracut, CpuVendor.Amd, hostDisplay: RehearsalHost.Slot4);
        // The AMD IOMMU is on by default: step 2 plans iommu=pt only, and no intel_iommu= at all.
        Assert.Contains("iommu=pt", built.Prepared.CommandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("intel_iommu", built.Prepared.CommandLine, StringComparison.Ordinal);

        var report = await BootAsync(built, new RehearsalBootOptions());

        AssertPassed(report);
        Assert.Equal(RehearsalIommu.Amd, report.Setup!.Iommu);
        AssertBound(report, card: RehearsalHost.Slot3, kept: RehearsalHost.Slot4, keptDriver: "bochs-drm");
    }

    [Fact]
    public async Task InitramfsTools_UniqueIds_BindsByIdFromModprobeD()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3, uniqueIds: true);
        Assert.Equal(BindingMethod.ById, built.Plan.Binding!.Method);
        Assert.Contains(built.Plan.Plan!.Files, f => f.Path == "/etc/modprobe.d/vfio.conf" && f.After.Contains("ids=1234:1111", StringComparison.Ordinal));

        var report = await BootAsync(built, new RehearsalBootOptions());

        AssertPassed(report);
        AssertBound(report, card: RehearsalHost.Slot4, kept: RehearsalHost.Slot3, keptDriver: "cirrus");
        Assert.DoesNotContain(report.Checks, c => c.Name == RehearsalJudge.BindingBeforeUdev);
        Assert.Empty(report.Evidence!.BindingMessages);
    }

    [Fact]
    public async Task IntelIommuOff_FailsSayingTheParameterIsNotInEffectAndNoGroupsExist()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);

        var report = await BootAsync(built, new RehearsalBootOptions { ExtraParameters = ["intel_iommu=off"] });

        Assert.Equal(RehearsalOutcome.Failed, report.Outcome);
        Assert.Contains("intel_iommu=on is not in effect", Check(report, RehearsalJudge.ParametersOnCommandLine).Message, StringComparison.Ordinal);
        Assert.False(Check(report, RehearsalJudge.GroupsExist).Passed);
        Assert.Contains("no IOMMU groups", Check(report, RehearsalJudge.GroupsExist).Message, StringComparison.Ordinal);
        Assert.False(Check(report, RehearsalJudge.ChosenOnVfio).Passed);
        Assert.True(Check(report, RehearsalJudge.ImageRuns).Passed);
    }

    [Fact]
    public async Task NoIommuDevice_FailsSayingNoGroupsExistAndTheCardIsNotOnVfio()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);

        var report = await BootAsync(built, new RehearsalBootOptions { Iommu = RehearsalIommu.None });

        Assert.Equal(RehearsalOutcome.Failed, report.Outcome);
        Assert.DoesNotContain("intel-iommu", report.Setup!.QemuCommand, StringComparison.Ordinal);
        Assert.False(Check(report, RehearsalJudge.GroupsExist).Passed);
        var chosen = Check(report, RehearsalJudge.ChosenOnVfio);
        Assert.False(chosen.Passed);
        Assert.Contains("0000:00:04.0 is on no driver, not vfio-pci", chosen.Message, StringComparison.Ordinal);
        // The parameter is there: it is the missing IOMMU that fails, and the report does not blame the command line.
        Assert.True(Check(report, RehearsalJudge.ParametersOnCommandLine).Passed);
    }

    /// <summary>
    /// Without the planned modules file the image still carries vfio-pci when vfio.conf says <c>softdep bochs pre:
    /// vfio-pci</c> (mkinitramfs follows softdeps of the modules it adds): only without both is vfio really missing.
    /// </summary>
    [Fact]
    public async Task ImageWithoutVfioModules_FailsSayingTheModulesDoNotLoad()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3,
            vary: v => v.Without(InitramfsToolsPlanner.ModulesFile, VfioConfEditor.Path), variation: "without-vfio");

        var report = await BootAsync(built, new RehearsalBootOptions());

        Assert.Equal(RehearsalOutcome.Failed, report.Outcome);
        var modules = Check(report, RehearsalJudge.ModulesLoad);
        Assert.False(modules.Passed);
        Assert.Contains("vfio_pci", modules.Message, StringComparison.Ordinal);
        Assert.Contains("could not load vfio-pci", Check(report, RehearsalJudge.BindingBeforeUdev).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("vfio_pci", report.Evidence!.Modules);
        Assert.False(Check(report, RehearsalJudge.ChosenOnVfio).Passed);
    }

    [Fact]
    public async Task BindingScriptOrderedAfterUdev_FailsSayingItRunsTooLate()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3,
            vary: v => v.Moved(InitramfsToolsPlanner.BindScript, "/etc/initramfs-tools/scripts/init-top/zz-vfio-bind"), variation: "after-udev");

        var report = await BootAsync(built, new RehearsalBootOptions());

        Assert.Equal(RehearsalOutcome.Failed, report.Outcome);
        var binding = Check(report, RehearsalJudge.BindingBeforeUdev);
        Assert.False(binding.Passed);
        Assert.Matches("too late|after udev started", binding.Message);
    }

    [Fact]
    public async Task GuestThatDoesNotFinishInTime_IsReportedAsTimedOutAndLeavesNoQemuOrConsoleLog()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);

        var report = await BootAsync(built, new RehearsalBootOptions { Timeout = TimeSpan.FromSeconds(3) });

        Assert.Equal(RehearsalOutcome.TimedOut, report.Outcome);
        Assert.Contains("did not report and power off within 3 s", report.Summary, StringComparison.Ordinal);
        Assert.Empty(QemuProcessesUsing(built.Prepared.TemporaryDirectory));
        Assert.Empty(Directory.EnumerateFiles(built.Prepared.TemporaryDirectory, "console-*"));
    }

    [Fact]
    public async Task QemuThatRefusesTheMachine_IsReportedAsCrashedWithItsError()
    {
        var built = await images.GetAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, hostDisplay: RehearsalHost.Slot3);

        var report = await BootAsync(built, new RehearsalBootOptions { Displays = [EmulatedDisplay.Vga(RehearsalHost.Slot3), EmulatedDisplay.Vga(RehearsalHost.Slot4)], Cpus = 4096 });

        Assert.Equal(RehearsalOutcome.Crashed, report.Outcome);
        Assert.Contains("QEMU failed (exit code 1)", report.Summary, StringComparison.Ordinal);
        Assert.Contains("CPUs", report.Summary, StringComparison.Ordinal);
        Assert.Empty(QemuProcessesUsing(built.Prepared.TemporaryDirectory));
    }

    [Fact]
    public async Task WholeRun_TimedOut_RemovesItsTemporaryDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = await RehearsalHost.CreateAsync(InitramfsSystem.Dracut, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, ct);
        var (scan, plan) = host.PlanFor(RehearsalHost.Slot4);
        var lines = new List<string>();
        var progress = new SynchronousProgress(lines);

        var report = await RehearsalImages.Runner.RunAsync(new RehearsalRequest { Root = host.Root, Scan = scan, Plan = plan },
            new RehearsalBootOptions { Accelerator = AcceleratorChoice.Tcg, Timeout = TimeSpan.FromSeconds(4) }, progress, ct);

        Assert.Equal(RehearsalOutcome.TimedOut, report.Outcome);
        var building = Assert.Single(lines, l => l.StartsWith("Building the rehearsal image", StringComparison.Ordinal));
        var directory = building.Split(" in ")[1].TrimEnd('.', ' ', '…');
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/') + "/passthroughweb-rehearsal-", directory, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory), $"{directory} is still there");
        Assert.Empty(QemuProcessesUsing(directory));
    }

    [Fact]
    public async Task MkinitcpioHost_ReportsPlainlyThatMkinitcpioIsNotInstalledHere()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = await RehearsalHost.CreateAsync(InitramfsSystem.Mkinitcpio, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, ct);
        var (scan, plan) = host.PlanFor(RehearsalHost.Slot4);
        Assert.Equal(InitramfsSystem.Mkinitcpio, plan.Initramfs!.System);

        var report = await RehearsalImages.Runner.RunAsync(new RehearsalRequest { Root = host.Root, Scan = scan, Plan = plan }, new RehearsalBootOptions { Accelerator = AcceleratorChoice.Tcg }, null, ct);

        Assert.Equal(RehearsalOutcome.Unavailable, report.Outcome);
        Assert.StartsWith("mkinitcpio is not installed here", report.Summary, StringComparison.Ordinal);
        Assert.Empty(report.Checks);
    }

    private static async Task<RehearsalReport> BootAsync(RehearsalImages.Built built, RehearsalBootOptions options)
    {
        var report = await BootOnceAsync(built, options);
        // Under TCG on a busy 2-core machine the guest's timer interrupts can stop arriving (the kernel reports an RCU
        // stall and never gets further): the machine's doing, not the image's. Such a boot is tried once more.
        if (report.Outcome == RehearsalOutcome.TimedOut && report.ConsoleLog is { } console
            && console.Contains("rcu_preempt detected stalls", StringComparison.Ordinal) && console.Contains("timer wakeup didn't happen", StringComparison.Ordinal))
        {
            TestContext.Current.TestOutputHelper?.WriteLine("The guest's timer stalled under TCG (RCU stall): booting once more.");
            report = await BootOnceAsync(built, options);
        }
        return report;
    }

    private static async Task<RehearsalReport> BootOnceAsync(RehearsalImages.Built built, RehearsalBootOptions options)
    {
        var lines = new List<string>();
        var report = await RehearsalImages.Runner.BootAsync(built.Prepared, options with { Accelerator = AcceleratorChoice.Tcg, Timeout = options.Timeout == new RehearsalBootOptions().Timeout ? BootTimeout : options.Timeout },
            new SynchronousProgress(lines), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", lines.Where(l => !l.Contains(EvidenceScript.Marker, StringComparison.Ordinal))));
        TestContext.Current.TestOutputHelper?.WriteLine(report.Summary);
        return report;
    }

    private static void AssertPassed(RehearsalReport report) =>
        Assert.True(report.Passed, $"{report.Outcome}: {report.Summary}\n--- console ---\n{report.ConsoleLog}");

    private static void AssertBound(RehearsalReport report, PciAddress card, PciAddress kept, string keptDriver)
    {
        var evidence = report.Evidence!;
        var chosen = Assert.Single(evidence.Devices, d => d.Address == card);
        Assert.Equal(("1234:1111", "vfio-pci"), (chosen.VendorDevice, chosen.Driver));
        Assert.NotNull(chosen.IommuGroup);
        var other = Assert.Single(evidence.Devices, d => d.Address == kept);
        Assert.Equal(keptDriver, other.Driver);
        Assert.Null(other.DriverOverride);
        Assert.Contains("vfio_pci", evidence.Modules);
    }

    private static RehearsalCheck Check(RehearsalReport report, string name) =>
        Assert.Single(report.Checks, c => c.Name == name);

    /// <summary>QEMU processes whose command line names the directory (its image or console log).</summary>
    internal static List<int> QemuProcessesUsing(string directory)
    {
        var found = new List<int>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            if (commandLine.StartsWith(QemuArguments.Program, StringComparison.Ordinal) && commandLine.Contains(directory, StringComparison.Ordinal)) found.Add(pid);
        }
        return found;
    }
}
