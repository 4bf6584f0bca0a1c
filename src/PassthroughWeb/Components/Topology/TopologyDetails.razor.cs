using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Topology;

namespace PassthroughWeb.Components.Topology;

/// <summary>What the picture knows of one node: address, IDs, subsystem, class, driver, group, what shares the group, and the marks in words.</summary>
public partial class TopologyDetails
{
    [Parameter, EditorRequired] public required PciTopology Topology { get; set; }
    [Parameter, EditorRequired] public required TopologyNode Node { get; set; }

    /// <summary>Raised with a node's id when a group mate is clicked, to show that one instead.</summary>
    [Parameter] public EventCallback<string> OnSelect { get; set; }

    private IReadOnlyList<PciDevice> Mates => Node.Address is { } address ? Topology.GroupMatesOf(address) : [];

    private string ParentText
    {
        get
        {
            if (Node.ParentId is not { } id || Topology.Find(id) is not { } parent) return "nothing";
            var text = parent.Device is { } device ? $"{device.Address} {device.DeviceName ?? device.DisplayName}" : parent.Label;
            return Node.InferredLink ? text + " (inferred from bus numbers: the scan does not show the sysfs path)" : text;
        }
    }

    private static string Subsystem(PciDevice device) =>
        device.SubsystemVendorId is null || device.SubsystemDeviceId is null ? "not known" : $"{device.SubsystemVendorId}:{device.SubsystemDeviceId}";

    private List<string> Says
    {
        get
        {
            var says = new List<string>();
            if (Node.Has(TopologyMarks.ChosenCard)) says.Add("A function of the card chosen for the VM: it goes to the VM.");
            if (Node.Has(TopologyMarks.SharesChosenGroup))
                says.Add(Node.Kind == TopologyNodeKind.Bridge
                    ? "A bridge in the card's IOMMU group: it stays with the host (pcieport) and does no harm."
                    : "Shares an IOMMU group with the card: it would go to the VM with it, and the host would lose it.");
            if (Node.Has(TopologyMarks.BootDisplay)) says.Add("The boot display (boot_vga = 1): the firmware's screen and the host's console are on it.");
            if (Node.HostRole is { } role) says.Add(role);
            return says;
        }
    }
}
