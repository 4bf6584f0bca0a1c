using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class RehearsalJudgeTests
{
    private static readonly PciAddress Card = new(0, 0, 4, 0);
    private static readonly PciAddress Other = new(0, 0, 3, 0);
    private static readonly IReadOnlyList<EmulatedDisplay> Displays = [EmulatedDisplay.Vga(Other), EmulatedDisplay.Vga(Card)];

    private static readonly RehearsalExpectation Expected = new()
    {
        KernelParameters = ["intel_iommu=on", "iommu=pt"],
        ForbiddenParameters = ["intel_iommu=off"],
        PassedFunctions = [Card],
        Modules = ["vfio_pci", "vfio", "vfio_iommu_type1"],
        BindsByAddress = true,
    };

    private static RehearsalEvidence Good(double bindAt = 4.77, double udevAt = 5.31) => new()
    {
        Began = true,
        Ended = true,
        System = "initramfs-tools",
        CommandLine = "console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt",
        Devices =
        [
            new GuestDevice { Address = Other, VendorId = "1234", DeviceId = "1111", Class = "0x030000", Driver = "bochs-drm", IommuGroup = 1 },
            new GuestDevice { Address = Card, VendorId = "1234", DeviceId = "1111", Class = "0x030000", Driver = "vfio-pci", IommuGroup = 2, DriverOverride = "vfio-pci" },
        ],
        IommuGroups = 6,
        Modules = ["bochs", "vfio_pci", "vfio_pci_core", "vfio_iommu_type1", "vfio"],
        UdevStartedAt = udevAt,
        KernelMessages = [new KernelMessage(bindAt, "vfio-bind: 0000:00:04.0: driver_override is vfio-pci, probed")],
    };

    private static RehearsalCheck Check(IReadOnlyList<RehearsalCheck> checks, string name) => Assert.Single(checks, c => c.Name == name);

    [Fact]
    public void Judge_EverythingAsPlanned_EveryCheckPassesInWords()
    {
        var checks = RehearsalJudge.Judge(Good(), Expected, Displays);

        Assert.All(checks, c => Assert.True(c.Passed, c.Message));
        Assert.Equal(7, checks.Count);
        Assert.Equal("The binding script ran at 4.770 s, before udev started at 5.31 s, and bound 0000:00:04.0 without error.", Check(checks, RehearsalJudge.BindingBeforeUdev).Message);
        Assert.Equal("0000:00:03.0 (1234:1111) keeps bochs-drm.", Check(checks, RehearsalJudge.OthersKeepDrivers).Message);
    }

    [Fact]
    public void Judge_BindingAfterUdev_FailsSayingWhereTheScriptMustGo()
    {
        var checks = RehearsalJudge.Judge(Good(bindAt: 9.2, udevAt: 5.31), Expected, Displays);

        var binding = Check(checks, RehearsalJudge.BindingBeforeUdev);
        Assert.False(binding.Passed);
        Assert.Contains("after udev started at 5.31 s", binding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_BindingWithinUdevsStartTick_StillCountsAsBefore()
    {
        Assert.True(Check(RehearsalJudge.Judge(Good(bindAt: 5.315, udevAt: 5.31), Expected, Displays), RehearsalJudge.BindingBeforeUdev).Passed);
    }

    [Fact]
    public void Judge_ScriptRefusedAMovedCard_FailsQuotingTheScript()
    {
        var evidence = Good() with { KernelMessages = [new KernelMessage(4.7, "vfio-bind: 0000:00:04.0 is now 0x1234:0x1111, not the expected 0x1002:0x73ff (a card moved or changed): refusing to bind it; run step 3 again")] };

        var binding = Check(RehearsalJudge.Judge(evidence, Expected, Displays), RehearsalJudge.BindingBeforeUdev);

        Assert.False(binding.Passed);
        Assert.Contains("refusing to bind it", binding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_OtherDeviceTakenByVfio_FailsSayingTheBindingIsNotLimitedToTheCard()
    {
        var evidence = Good() with { Devices = [.. Good().Devices.Select(d => d with { Driver = "vfio-pci" })] };

        var others = Check(RehearsalJudge.Judge(evidence, Expected, Displays), RehearsalJudge.OthersKeepDrivers);

        Assert.False(others.Passed);
        Assert.Contains("0000:00:03.0 (1234:1111) was taken by vfio-pci too", others.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoEvidenceAtAll_OneCheckSayingTheImageNeverRan()
    {
        var checks = RehearsalJudge.Judge(new RehearsalEvidence { Began = false, Ended = false }, Expected, Displays);

        var only = Assert.Single(checks);
        Assert.Equal((RehearsalJudge.ImageRuns, false), (only.Name, only.Passed));
    }

    [Fact]
    public void Judge_ParameterOverriddenLaterOnTheLine_FailsNamingBoth()
    {
        var evidence = Good() with { CommandLine = "console=ttyS0 intel_iommu=on iommu=pt intel_iommu=off" };

        var parameters = Check(RehearsalJudge.Judge(evidence, Expected, Displays), RehearsalJudge.ParametersOnCommandLine);

        Assert.False(parameters.Passed);
        Assert.Contains("intel_iommu=on is not in effect", parameters.Message, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=off is still on it", parameters.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ARealCardQemuCannotEmulate_SkipsItsBindingButStillJudgesTheScriptAndTheRest()
    {
        var realCard = new PciAddress(0, 7, 0, 0);
        var expected = Expected with { PassedFunctions = [realCard], NotEmulated = [realCard] };
        var evidence = Good() with
        {
            Devices = [Good().Devices[0]],
            KernelMessages = [new KernelMessage(4.7, "vfio-bind: 0000:07:00.0: no such device; not binding it (was the card removed?)")],
        };

        var checks = RehearsalJudge.Judge(evidence, expected, [EmulatedDisplay.Vga(Other)]);

        var chosen = Check(checks, RehearsalJudge.ChosenOnVfio);
        Assert.True(chosen.Skipped);
        Assert.Contains("QEMU cannot emulate 0000:07:00.0", chosen.Message, StringComparison.Ordinal);
        Assert.True(Check(checks, RehearsalJudge.BindingBeforeUdev).Passed);
        Assert.DoesNotContain(checks, c => c.Name == RehearsalJudge.OthersKeepDrivers);
        Assert.All(checks.Where(c => !c.Skipped), c => Assert.True(c.Passed, c.Message));
    }
}
