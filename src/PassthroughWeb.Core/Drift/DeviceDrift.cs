using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Drift;

/// <summary>One planned device that the newest profile contradicts, with what is there now.</summary>
public sealed record DeviceDrift
{
    public required DeviceDriftKind Kind { get; init; }

    /// <summary>What the applied change set planned.</summary>
    public required DeviceExpectation Expected { get; init; }

    /// <summary>The device at the planned address now (Replaced, SubsystemChanged, Regrouped), or where the planned one went (Moved); null when Vanished.</summary>
    public PciDevice? Found { get; init; }

    /// <summary>For Regrouped: the devices the group holds now that it did not hold then.</summary>
    public IReadOnlyList<PciAddress> NewGroupMates { get; init; } = [];

    /// <summary>What is there now, in one sentence.</summary>
    public string Difference => Kind switch
    {
        DeviceDriftKind.Moved => $"{Planned} was at {Expected.Address}; it is at {Found!.Address} now" + (Found.IommuGroup is { } g ? $" (IOMMU group {g})." : "."),
        DeviceDriftKind.Replaced => $"{Expected.Address} held {Planned}; it holds {Label(Found!.DisplayName, Found.VendorDevice)} now.",
        DeviceDriftKind.Vanished => $"{Planned} at {Expected.Address} is gone: the newest scan has no device there or anywhere else with its IDs.",
        DeviceDriftKind.SubsystemChanged => $"{Expected.Address} still holds a [{Expected.VendorDevice}], but subsystem {DeviceExpectation.SubsystemOf(Found!) ?? "unknown"} instead of {Expected.SubsystemId}: another card of the same chip.",
        _ => Found?.IommuGroup is not { } now
            ? $"{Expected.Address} was in IOMMU group {Expected.IommuGroup}; it is in no group now (is the IOMMU off after a firmware update?)."
            : NewGroupMates.Count > 0
                ? $"IOMMU group {now} of {Expected.Address} (group {Expected.IommuGroup} when planned) now also holds {string.Join(", ", NewGroupMates)}."
                : $"{Expected.Address} was in IOMMU group {Expected.IommuGroup}; it is in group {now} now.",
    };

    private string Planned => Label(Expected.Name, Expected.VendorDevice);

    /// <summary>A name with its IDs once: a device without a pci.ids name is already called by its class and IDs.</summary>
    private static string Label(string? name, string vendorDevice) =>
        name is null ? $"[{vendorDevice}]" : name.Contains(vendorDevice, StringComparison.Ordinal) ? name : $"{name} [{vendorDevice}]";

    /// <summary>What to do about it, in one sentence.</summary>
    public string WhatToDo => (Kind, Expected.Step) switch
    {
        (DeviceDriftKind.Regrouped, _) when NewGroupMates.Count > 0 =>
            "Every device of a group goes to the VM together: check the new group members in step 1, then plan step 3 again (or move the card to a slot with a group of its own).",
        (_, "vm") => "Plan step 4 again: the VM's host devices point at the old address.",
        (DeviceDriftKind.SubsystemChanged, _) => "Plan step 3 again to confirm this card is the one to pass (vfio-pci still takes it by its IDs).",
        _ => "Plan step 3 again: vfio-pci's ids and the address binding were written for the old layout; then plan step 4 again for the VM.",
    };
}
