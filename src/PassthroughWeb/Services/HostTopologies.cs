using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services;

/// <summary>
/// The picture of a host: its scan's PCI tree, with the devices the host needs traced under the host's own root, as
/// step 3's interlocks trace them (the disk under / and /boot, the network card of the default route).
/// </summary>
public sealed class HostTopologies(HostLookup hosts)
{
    /// <summary>The topology of <paramref name="report"/> with <paramref name="gpu"/> highlighted (none when null).</summary>
    public async Task<PciTopology> BuildAsync(string hostName, ScanReport report, PciAddress? gpu, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var host = await hosts.FindHostAsync(hostName, ct);
        var needs = HostNeeds.Untraced;
        // An imported host has no root to trace in, and an agent's is traced on that machine, not here: the picture marks
        // by class, as a copy without a mount table does.
        if (host is { IsImported: false, IsAgent: false })
        {
            // What could not be traced is already said by the legend (the class-code fallback); the words are not needed here.
            var devices = HostCriticalDevices.Find(new HostRoot(host.Root), []);
            needs = new HostNeeds { Devices = devices };
        }
        return PciTopologyBuilder.Build(report, gpu, needs);
    }

    /// <summary>The card the picture highlights when the URL names none: the one steps 2 and 3 plan for, the first GPU.</summary>
    public static PciAddress? DefaultCard(ScanReport report, PciAddress? chosen)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (chosen is { } wanted && report.Gpus.Any(g => g.Address == wanted)) return wanted;
        return report.Gpus.Count > 0 ? report.Gpus[0].Address : null;
    }
}
