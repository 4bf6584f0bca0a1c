using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Scanning;
using static PassthroughWeb.Core.Tests.Drift.DriftHosts;

namespace PassthroughWeb.Core.Tests.Drift;

/// <summary>
/// Step 3 passed the RX 6700 XT of gpu-node-017 (0000:03:00.0 and its audio 0000:03:00.1, IOMMU group 14). A later
/// profile is compared with that, as Proxmox compares a PCI mapping with the node before a VM starts.
/// </summary>
public sealed class DriftDetectorTests
{
    private static readonly IReadOnlyList<DeviceExpectation> Planned = DeviceExpectations.Of("isolate", [Card, Audio], Before(), Guid.Parse("5b0e7d2a-3f1c-4a8e-9d61-2c7f0b9e4a13"));

    [Fact]
    public void Expectations_HoldTheCardsFunctionsWithTheirIdsSubsystemAndGroup()
    {
        Assert.Equal(
            ["0000:03:00.0 1002:73df 1da2:e445 14 passed", "0000:03:00.1 1002:ab28 1da2:ab28 14 passed"],
            Planned.Select(e => $"{e.Address} {e.VendorDevice} {e.SubsystemId} {e.IommuGroup} {(e.IsPassed ? "passed" : "mate")}"));
    }

    [Fact]
    public void Expectations_KeepWhatSharesTheGroupAsMates()
    {
        var shared = Report([.. Others(), Rx6700Xt(), Rx6700XtAudio(), Device("0000:00:01.1", "8086:462d", "0604", "PCI Express x4 Controller", 14, driver: "pcieport")]);

        var planned = DeviceExpectations.Of("isolate", [Card, Audio], shared);

        Assert.Equal(["0000:00:01.1"], planned.Where(e => !e.IsPassed).Select(e => e.Address.ToString()));
    }

    [Fact]
    public void SameHardware_NoDrift()
    {
        var drift = DriftDetector.Detect(Planned, Before());

        Assert.True(drift.IsEmpty);
        Assert.Empty(drift.Steps);
    }

    [Fact]
    public void NothingApplied_NoDrift_WhateverTheScan()
    {
        Assert.True(DriftDetector.Detect([], Report(Others())).IsEmpty);
    }

    [Fact]
    public void CardMovedSlot_BothFunctionsMoved_ToTheSameFunctionNumbers()
    {
        var after = Report([.. Others(), Rx6700Xt("0000:04:00.0", 15), Rx6700XtAudio("0000:04:00.1", 15)]);

        var drift = DriftDetector.Detect(Planned, after);

        Assert.Equal(
            ["Moved 0000:03:00.0 -> 0000:04:00.0", "Moved 0000:03:00.1 -> 0000:04:00.1"],
            drift.Differences.Select(d => $"{d.Kind} {d.Expected.Address} -> {d.Found!.Address}"));
        Assert.Equal(["isolate"], drift.Steps);
        Assert.Contains("it is at 0000:04:00.0 now (IOMMU group 15)", drift.Differences[0].Difference, StringComparison.Ordinal);
        Assert.Contains("Plan step 3 again", drift.Differences[0].WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public void CardMovedSlot_ItsAudioGoesWithIt_NotToTheHostCardsAudioWithTheSameId()
    {
        // The host's own card at 01:00 is a Sapphire RX 6700 XT too: its HDMI audio has the same IDs and subsystem.
        var hostAudio = Rx6700XtAudio("0000:01:00.1", 2);
        var planned = DeviceExpectations.Of("isolate", [Card, Audio], Report([.. Others(), hostAudio, Rx6700Xt(), Rx6700XtAudio()]));
        var after = Report([.. Others(), hostAudio, Rx6700Xt("0000:04:00.0", 15), Rx6700XtAudio("0000:04:00.1", 15)]);

        var drift = DriftDetector.Detect(planned, after);

        Assert.Equal(["0000:04:00.0", "0000:04:00.1"], drift.Differences.Select(d => d.Found!.Address.ToString()));
    }

    [Fact]
    public void FirmwareUpdateMergedGroups_OneRegroupedNamingTheNewMates()
    {
        // The NVMe controller's group 16 merged into the card's group 14.
        var after = Report([.. Others(nvmeGroup: 14), Rx6700Xt(), Rx6700XtAudio()]);

        var drift = DriftDetector.Detect(Planned, after);

        var regrouped = Assert.Single(drift.Differences);
        Assert.Equal(DeviceDriftKind.Regrouped, regrouped.Kind);
        Assert.Equal(["0000:05:00.0"], regrouped.NewGroupMates.Select(a => a.ToString()));
        Assert.Contains("now also holds 0000:05:00.0", regrouped.Difference, StringComparison.Ordinal);
        Assert.Contains("Every device of a group goes to the VM together", regrouped.WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupRenumbered_SameMembers_StillRegrouped_AsProxmoxChecksTheNumber()
    {
        var after = Report([.. Others(), Rx6700Xt(group: 13), Rx6700XtAudio(group: 13)]);

        var regrouped = Assert.Single(DriftDetector.Detect(Planned, after).Differences);

        Assert.Equal(DeviceDriftKind.Regrouped, regrouped.Kind);
        Assert.Empty(regrouped.NewGroupMates);
        Assert.Equal("0000:03:00.0 was in IOMMU group 14; it is in group 13 now.", regrouped.Difference);
    }

    [Fact]
    public void IommuOffAfterFirmwareUpdate_RegroupedIntoNoGroup()
    {
        var after = Report([.. Others().Select(d => d with { IommuGroup = null }), Rx6700Xt(group: null), Rx6700XtAudio(group: null)], iommuEnabled: false);

        var regrouped = Assert.Single(DriftDetector.Detect(Planned, after).Differences);

        Assert.Equal(DeviceDriftKind.Regrouped, regrouped.Kind);
        Assert.Contains("in no group now", regrouped.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void NvidiaCardInTheBoundSlot_BothAddressesReplaced()
    {
        var after = Report(
        [
            .. Others(),
            Device("0000:03:00.0", "10de:2503", "0300", "GA106 [GeForce RTX 3060]", 14, "1462:397d", "nouveau"),
            Device("0000:03:00.1", "10de:228e", "0403", "GA106 High Definition Audio Controller", 14, "1462:397d", "snd_hda_intel"),
        ]);

        var drift = DriftDetector.Detect(Planned, after);

        Assert.Equal(["Replaced 0000:03:00.0 10de:2503", "Replaced 0000:03:00.1 10de:228e"], drift.Differences.Select(d => $"{d.Kind} {d.Expected.Address} {d.Found!.VendorDevice}"));
        Assert.Equal("0000:03:00.0 held Navi 22 [Radeon RX 6700/6700 XT/6750 XT] [1002:73df]; it holds GA106 [GeForce RTX 3060] [10de:2503] now.", drift.Differences[0].Difference);
    }

    [Fact]
    public void CardMovedAndAnotherTookItsSlot_MovedAndReplaced()
    {
        var after = Report(
        [
            .. Others(),
            Device("0000:03:00.0", "10de:2503", "0300", "GA106 [GeForce RTX 3060]", 14, "1462:397d", "nouveau"),
            Rx6700Xt("0000:04:00.0", 15),
            Rx6700XtAudio("0000:04:00.1", 15),
        ]);

        var drift = DriftDetector.Detect(Planned, after);

        Assert.Equal(
            ["Moved 0000:03:00.0 0000:04:00.0", "Replaced 0000:03:00.0 0000:03:00.0", "Moved 0000:03:00.1 0000:04:00.1"],
            drift.Differences.Select(d => $"{d.Kind} {d.Expected.Address} {d.Found!.Address}"));
    }

    [Fact]
    public void CardRemoved_Vanished()
    {
        var drift = DriftDetector.Detect(Planned, Report(Others()));

        Assert.Equal([DeviceDriftKind.Vanished, DeviceDriftKind.Vanished], drift.Differences.Select(d => d.Kind));
        Assert.All(drift.Differences, d => Assert.Null(d.Found));
        Assert.Contains("is gone", drift.Differences[0].Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void SameChipFromAnotherBoardMaker_SubsystemChanged()
    {
        var after = Report([.. Others(), Rx6700Xt(subsystem: "1043:05e2"), Rx6700XtAudio()]);

        var changed = Assert.Single(DriftDetector.Detect(Planned, after).Differences);

        Assert.Equal(DeviceDriftKind.SubsystemChanged, changed.Kind);
        Assert.Contains("subsystem 1043:05e2 instead of 1da2:e445", changed.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileWithoutSubsystems_IsNotASubsystemChange()
    {
        var after = Report([.. Others(), Rx6700Xt() with { SubsystemVendorId = null, SubsystemDeviceId = null }, Rx6700XtAudio()]);

        Assert.True(DriftDetector.Detect(Planned, after).IsEmpty);
    }

    [Fact]
    public void GroupMateLeavingTheGroup_IsNoDrift()
    {
        var shared = Report([.. Others(), Rx6700Xt(), Rx6700XtAudio(), Device("0000:00:01.1", "8086:462d", "0604", "PCI Express x4 Controller", 14, driver: "pcieport")]);
        var planned = DeviceExpectations.Of("isolate", [Card, Audio], shared);

        Assert.True(DriftDetector.Detect(planned, Before()).IsEmpty);
    }

    [Fact]
    public void VmHostdevsMoved_MarksStep4_AndSaysToPlanTheVmAgain()
    {
        var planned = DeviceExpectations.Of("vm", [Card, Audio], Before());
        var after = Report([.. Others(), Rx6700Xt("0000:04:00.0", 15), Rx6700XtAudio("0000:04:00.1", 15)]);

        var drift = DriftDetector.Detect([.. Planned, .. planned], after);

        Assert.Equal(["isolate", "vm"], drift.Steps);
        Assert.True(drift.Affects("vm"));
        Assert.Equal("Plan step 4 again: the VM's host devices point at the old address.", drift.Differences.First(d => d.Expected.Step == "vm").WhatToDo);
        Assert.StartsWith("The hardware changed since steps 3 and 4 were applied: 4 differences", drift.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_MovedAtTheNewAddress_VanishedDropped_GroupsAsNow()
    {
        var after = Report([.. Others(nvmeGroup: 15), Rx6700Xt("0000:04:00.0", 15)]);
        var drift = DriftDetector.Detect(Planned, after);

        var accepted = DeviceExpectations.Accept(Planned, drift, after);

        Assert.Equal(["0000:04:00.0 15 passed", "0000:05:00.0 15 mate"], accepted.Select(e => $"{e.Address} {e.IommuGroup} {(e.IsPassed ? "passed" : "mate")}"));
        Assert.All(accepted, e => Assert.Equal(Planned[0].ChangeSetId, e.ChangeSetId));
        Assert.True(DriftDetector.Detect(accepted, after).IsEmpty);
    }
}
