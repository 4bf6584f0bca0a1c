using System.Globalization;
using PassthroughWeb.Core.BootLoaders;

namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// What changed between two scans of a host: devices added, removed or swapped at the same address, IOMMU groups,
/// drivers, the IOMMU itself, the kernel command line, and the GPU verdicts these lead to.
/// </summary>
public sealed record ProfileComparison
{
    public required IReadOnlyList<ProfileChange> Changes { get; init; }

    public bool HasChanges => Changes.Count > 0;

    /// <summary>The changes by area, in <see cref="ProfileChangeArea"/> order, each area's in the comparison's order; areas without a change left out.</summary>
    public IReadOnlyList<(ProfileChangeArea Area, IReadOnlyList<ProfileChange> Changes)> Areas =>
        [.. Changes.GroupBy(c => c.Area).OrderBy(g => g.Key).Select(g => (g.Key, (IReadOnlyList<ProfileChange>)[.. g]))];

    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>: host-wide changes first, then by device address.</summary>
    public static ProfileComparison Compare(ScanReport before, ScanReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ProfileChange>();
        CompareIommu(before, after, changes);
        CompareKernelCommandLine(before, after, changes);
        CompareDevices(before, after, changes);
        CompareGpuVerdicts(before, after, changes);
        return new ProfileComparison { Changes = changes };
    }

    private static void CompareIommu(ScanReport before, ScanReport after, List<ProfileChange> changes)
    {
        if (before.Iommu.Enabled == after.Iommu.Enabled) return;
        var groups = $"{before.Iommu.GroupCount} → {after.Iommu.GroupCount} IOMMU groups";
        changes.Add(after.Iommu.Enabled
            ? new ProfileChange { Kind = ProfileChangeKind.IommuEnabled, Before = "off", After = "on", Description = $"The IOMMU is now on ({groups})." }
            : new ProfileChange { Kind = ProfileChangeKind.IommuDisabled, Before = "on", After = "off", Description = $"The IOMMU is now off ({groups})." });
    }

    private static void CompareKernelCommandLine(ScanReport before, ScanReport after, List<ProfileChange> changes)
    {
        var old = KernelCommandLine.Parse(before.KernelCommandLine);
        var now = KernelCommandLine.Parse(after.KernelCommandLine);
        if (old.Parameters.SequenceEqual(now.Parameters, StringComparer.Ordinal)) return;
        var added = now.Parameters.Except(old.Parameters, StringComparer.Ordinal).ToList();
        var removed = old.Parameters.Except(now.Parameters, StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (added.Count > 0) parts.Add("added " + string.Join(' ', added));
        if (removed.Count > 0) parts.Add("removed " + string.Join(' ', removed));
        if (parts.Count == 0) parts.Add("same parameters in another order");
        changes.Add(new ProfileChange
        {
            Kind = ProfileChangeKind.KernelCommandLineChanged,
            Before = old.Text,
            After = now.Text,
            Description = $"The kernel command line changed: {string.Join("; ", parts)}.",
            AddedParameters = added,
            RemovedParameters = removed,
        });
    }

    private static void CompareDevices(ScanReport before, ScanReport after, List<ProfileChange> changes)
    {
        var old = ByAddress(before.Devices);
        var now = ByAddress(after.Devices);
        var (movedTo, movedFrom) = PairMoves(old, now);
        foreach (var address in old.Keys.Union(now.Keys).Order())
        {
            old.TryGetValue(address, out var was);
            now.TryGetValue(address, out var @is);
            if (was is null && @is is not null && movedFrom.TryGetValue(address, out var from))
            {
                changes.Add(Moved(from, old[from], @is));
            }
            else if (was is null && @is is not null)
            {
                changes.Add(new ProfileChange
                {
                    Kind = ProfileChangeKind.DeviceAdded, Address = address, After = @is.VendorDevice,
                    Description = $"{address} appeared: {Describe(@is)}.",
                });
            }
            else if (was is not null && @is is null && !movedTo.ContainsKey(address))
            {
                changes.Add(new ProfileChange
                {
                    Kind = ProfileChangeKind.DeviceRemoved, Address = address, Before = was.VendorDevice,
                    Description = $"{address} is gone: it was {Describe(was)}.",
                });
            }
            else if (was is not null && @is is not null)
            {
                CompareDevice(address, was, @is, changes);
            }
        }
    }

    /// <summary>
    /// Pairs each device gone from an address with a device that appeared at another and is the same model (vendor:device,
    /// subsystem and class), first with first in address order: a card moved to another slot is one change, not a
    /// removal and an addition.
    /// </summary>
    private static (Dictionary<PciAddress, PciAddress> To, Dictionary<PciAddress, PciAddress> From) PairMoves(
        Dictionary<PciAddress, PciDevice> old, Dictionary<PciAddress, PciDevice> now)
    {
        var to = new Dictionary<PciAddress, PciAddress>();
        var from = new Dictionary<PciAddress, PciAddress>();
        var appeared = now.Keys.Where(a => !old.ContainsKey(a)).Order().ToList();
        foreach (var gone in old.Keys.Where(a => !now.ContainsKey(a)).Order())
        {
            foreach (var candidate in appeared)
            {
                if (from.ContainsKey(candidate) || !SameModel(old[gone], now[candidate])) continue;
                to[gone] = candidate;
                from[candidate] = gone;
                break;
            }
        }
        return (to, from);
    }

    private static bool SameModel(PciDevice a, PciDevice b) =>
        a.VendorDevice == b.VendorDevice && a.ClassCode == b.ClassCode &&
        string.Equals(a.SubsystemVendorId, b.SubsystemVendorId, StringComparison.Ordinal) &&
        string.Equals(a.SubsystemDeviceId, b.SubsystemDeviceId, StringComparison.Ordinal);

    private static ProfileChange Moved(PciAddress from, PciDevice was, PciDevice @is)
    {
        var also = new List<string>();
        if (was.IommuGroup != @is.IommuGroup) also.Add($"IOMMU group {GroupText(was.IommuGroup) ?? "none"} → {GroupText(@is.IommuGroup) ?? "none"}");
        if (!string.Equals(was.Driver, @is.Driver, StringComparison.Ordinal)) also.Add($"driver {was.Driver ?? "none"} → {@is.Driver ?? "none"}");
        return new ProfileChange
        {
            Kind = ProfileChangeKind.DeviceMoved, Address = @is.Address, Before = from.ToString(), After = @is.Address.ToString(),
            Description = $"{Describe(@is)} moved from {from} to {@is.Address}{(also.Count > 0 ? "; " + string.Join(", ", also) : "")}.",
        };
    }

    private static void CompareDevice(PciAddress address, PciDevice was, PciDevice @is, List<ProfileChange> changes)
    {
        if (was.VendorDevice != @is.VendorDevice)
        {
            // Another card in the same slot: its group and driver are not "changes" of one device, so say only this.
            changes.Add(new ProfileChange
            {
                Kind = ProfileChangeKind.DeviceIdChanged, Address = address, Before = was.VendorDevice, After = @is.VendorDevice,
                Description = $"{address} now holds {Describe(@is)}; it held {Describe(was)}.",
            });
            return;
        }
        if (was.IommuGroup != @is.IommuGroup)
        {
            changes.Add(new ProfileChange
            {
                Kind = ProfileChangeKind.IommuGroupChanged, Address = address,
                Before = GroupText(was.IommuGroup), After = GroupText(@is.IommuGroup),
                Description = (was.IommuGroup, @is.IommuGroup) switch
                {
                    (null, { } g) => $"{address} ({@is.DisplayName}) is now in IOMMU group {g}; it was in none.",
                    ({ } g, null) => $"{address} ({@is.DisplayName}) is no longer in an IOMMU group; it was in group {g}.",
                    var (a, b) => $"{address} ({@is.DisplayName}) moved from IOMMU group {a} to group {b}.",
                },
            });
        }
        if (!string.Equals(was.Driver, @is.Driver, StringComparison.Ordinal))
        {
            changes.Add(new ProfileChange
            {
                Kind = ProfileChangeKind.DriverChanged, Address = address, Before = was.Driver, After = @is.Driver,
                Description = $"{address} ({@is.DisplayName}) driver: {was.Driver ?? "none"} → {@is.Driver ?? "none"}.",
            });
        }
    }

    private static void CompareGpuVerdicts(ScanReport before, ScanReport after, List<ProfileChange> changes)
    {
        var old = before.Gpus.ToDictionary(g => g.Address);
        foreach (var gpu in after.Gpus.OrderBy(g => g.Address))
        {
            // A GPU that is new or was swapped is already reported as a device change.
            if (!old.TryGetValue(gpu.Address, out var was) || was.VendorId != gpu.VendorId || was.Name != gpu.Name) continue;
            if (was.Verdict == gpu.Verdict) continue;
            changes.Add(new ProfileChange
            {
                Kind = ProfileChangeKind.GpuVerdictChanged, Address = gpu.Address,
                Before = VerdictText(was.Verdict), After = VerdictText(gpu.Verdict),
                Description = $"{gpu.Name} at {gpu.Address}: {VerdictText(was.Verdict)} → {VerdictText(gpu.Verdict)}.",
            });
        }
    }

    private static Dictionary<PciAddress, PciDevice> ByAddress(IReadOnlyList<PciDevice> devices)
    {
        var map = new Dictionary<PciAddress, PciDevice>(devices.Count);
        // A broken sysfs could list an address twice; the first one read is the one the scan reported on.
        foreach (var device in devices) map.TryAdd(device.Address, device);
        return map;
    }

    private static string Describe(PciDevice device) =>
        device.DeviceName is null ? device.DisplayName : $"{device.DisplayName} [{device.VendorDevice}]";

    private static string? GroupText(int? group) => group?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The verdict as the JSON and the web page write it.</summary>
    private static string VerdictText(GpuVerdict verdict) => verdict switch
    {
        GpuVerdict.Ready => "ready",
        GpuVerdict.SharedGroup => "shared-group",
        GpuVerdict.Blocked => "blocked",
        GpuVerdict.Unknown => "unknown",
        _ => verdict.ToString(),
    };
}
