using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Topology;

/// <summary>
/// Lays a topology out as a vertical tree, one row per node, indented one step per bridge, the way <c>lspci -t</c>
/// and file managers draw trees: it grows downwards, so it stays readable on a phone's narrow screen. IOMMU groups are
/// boxes around the rows of their devices; the legend follows the tree. Text is cut to fit by an estimate of glyph
/// widths (the renderer's fonts are not known here), generous enough for DejaVu Sans, the widest common default.
/// </summary>
public static class PciTopologyLayout
{
    public const double Padding = 8;
    public const double Indent = 16;
    public const double NodeMinWidth = 244;
    public const double LineHeight = 17;
    public const double NodeHeight = 42;
    public const double TagHeight = 16;
    public const double RowGap = 8;
    public const double GroupHeader = 20;
    public const double GroupInset = 5;
    public const double TitleHeight = 44;

    /// <summary>Average advance of a 12 px sans-serif glyph, and of a 12 px monospace one.</summary>
    public const double SansGlyph = 6.6;
    public const double MonoGlyph = 7.3;
    public const double TagGlyph = 6.0;

    /// <summary>Average advance of a glyph of the 15 px bold title.</summary>
    public const double TitleGlyph = 9.4;

    public static TopologyLayout Compute(PciTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var maxDepth = topology.Nodes.Count == 0 ? 0 : topology.Nodes.Max(n => n.Depth);
        var treeRight = Padding + GroupInset + (maxDepth * Indent) + NodeMinWidth;
        var width = treeRight + GroupInset + Padding;
        var chosenGroups = topology.ChosenCard?.Groups.ToHashSet() ?? [];

        var boxes = new List<TopologyNodeBox>(topology.Nodes.Count);
        var groups = new List<TopologyGroupBox>();
        var groupsSeen = new HashSet<int>();
        var y = Padding + TitleHeight;
        (int Number, double Top, double Left, double Bottom, bool Shared)? open = null;

        void Close()
        {
            if (open is not { } run) return;
            var continued = !groupsSeen.Add(run.Number);
            var ofCard = chosenGroups.Contains(run.Number);
            var label = string.Create(CultureInfo.InvariantCulture, $"IOMMU group {run.Number}") +
                        (run.Shared ? " · shared with the card" : ofCard ? " · the card's" : "") +
                        (continued ? " (continued)" : "");
            groups.Add(new TopologyGroupBox
            {
                Number = run.Number,
                X = run.Left - GroupInset,
                Y = run.Top,
                Width = treeRight + GroupInset - (run.Left - GroupInset),
                Height = run.Bottom + GroupInset - run.Top,
                Label = label,
                OfChosenCard = ofCard,
                SharedWithCard = run.Shared,
            });
            y += GroupInset + 4;
            open = null;
        }

        foreach (var node in topology.Nodes)
        {
            var group = node.Device?.IommuGroup;
            if (open is { } current && current.Number != group) Close();
            var x = Padding + GroupInset + (node.Depth * Indent);
            if (group is { } number && open is null)
            {
                open = (number, y, x, y, false);
                y += GroupHeader;
            }
            var nodeWidth = treeRight - x;
            var tags = Tags(node, x + 8, nodeWidth - 16);
            var tagRows = tags.Count == 0 ? 0 : (int)Math.Round((tags[^1].Y - tags[0].Y) / (TagHeight + 3)) + 1;
            var height = NodeHeight + (tagRows * (TagHeight + 3));
            boxes.Add(Box(node, x, y, nodeWidth, height, tags.Select(t => t with { Y = t.Y + y + NodeHeight - 3 }).ToList()));
            if (open is { } run)
            {
                var shared = run.Shared || (node.Has(TopologyMarks.SharesChosenGroup) && node.Kind == TopologyNodeKind.Device);
                open = (run.Number, run.Top, Math.Min(run.Left, x), y + height, shared);
            }
            y += height + RowGap;
        }
        Close();

        var connectors = new List<TopologyConnector>();
        var byId = boxes.ToDictionary(b => b.Node.Id, StringComparer.Ordinal);
        foreach (var box in boxes)
        {
            if (box.Node.ParentId is not { } parentId || !byId.TryGetValue(parentId, out var parent)) continue;
            connectors.Add(new TopologyConnector(box.Node.Id, parent.X + (Indent / 2), parent.Y + parent.Height, box.Y + (NodeHeight / 2), box.X, box.Node.InferredLink));
        }

        var legendY = y + 8;
        var legend = Legend(topology, width, legendY + 22);
        var height2 = legend.Count == 0 ? legendY : legend[^1].Y + (legend[^1].Lines.Count * LineHeight) + Padding;
        return new TopologyLayout
        {
            Width = width,
            Height = height2,
            Title = Fit(topology.HostName, width - (2 * Padding), TitleGlyph),
            Subtitle = Fit("PCI devices and IOMMU groups", width - (2 * Padding), SansGlyph),
            Groups = groups,
            Connectors = connectors,
            Nodes = boxes,
            LegendY = legendY,
            Legend = legend,
        };
    }

    private static TopologyNodeBox Box(TopologyNode node, double x, double y, double width, double height, IReadOnlyList<TopologyTag> tags)
    {
        var inner = width - 16;
        switch (node.Kind)
        {
            case TopologyNodeKind.RootComplex:
                return new TopologyNodeBox
                {
                    Node = node, X = x, Y = y, Width = width, Height = height, Tags = tags,
                    Heading = Fit(node.Label, inner, MonoGlyph), Kind = "", Driver = "",
                    Name = Fit("Where the CPU's PCI buses start", inner, SansGlyph),
                    Description = $"{node.Label}: where the CPU's PCI buses start.",
                };
            case TopologyNodeKind.UnlinkedBus:
                return new TopologyNodeBox
                {
                    Node = node, X = x, Y = y, Width = width, Height = height, Tags = tags,
                    Heading = Fit(node.Label, inner, MonoGlyph), Kind = "", Driver = "",
                    Name = Fit("The bridge to this bus is not in the scan", inner, SansGlyph),
                    Description = $"{node.Label}: the scan shows devices on this bus but not the bridge that leads to it.",
                };
        }

        var device = node.Device!;
        var heading = Short(device.Address);
        var driver = device.Driver ?? "";
        // The driver is 11 px monospace; keep a clear gap between it and the class before it.
        var driverRoom = driver.Length == 0 ? 0 : (driver.Length * 6.7) + 16;
        var kindRoom = inner - (heading.Length * MonoGlyph) - 8 - driverRoom;
        var kind = Fit(device.ClassName ?? PciClass.Describe(device.ClassCode), kindRoom, SansGlyph);
        var name = Fit(device.DeviceName ?? device.DisplayName, inner, SansGlyph);
        var words = new List<string> { $"{device.Address} {device.ClassName ?? PciClass.Describe(device.ClassCode)}: {device.DisplayName} [{device.VendorDevice}]" };
        words.Add(device.Driver is null ? "no driver" : $"driver {device.Driver}");
        words.Add(device.IommuGroup is { } g ? string.Create(CultureInfo.InvariantCulture, $"IOMMU group {g}") : "in no IOMMU group");
        words.AddRange(tags.Select(t => t.Text));
        if (node.InferredLink) words.Add("its bridge is inferred from bus numbers");
        return new TopologyNodeBox
        {
            Node = node, X = x, Y = y, Width = width, Height = height, Tags = tags,
            Heading = heading, Kind = kind, Driver = driver, Name = name,
            Description = string.Join(", ", words) + ".",
        };
    }

    /// <summary>The tags of a node, placed left to right and wrapped; Y is relative to the first tag row.</summary>
    private static List<TopologyTag> Tags(TopologyNode node, double left, double room)
    {
        var texts = new List<(string, TopologyMarks)>();
        if (node.Has(TopologyMarks.ChosenCard)) texts.Add(("chosen card", TopologyMarks.ChosenCard));
        if (node.Has(TopologyMarks.SharesChosenGroup))
            texts.Add((node.Kind == TopologyNodeKind.Bridge ? "in the card's group (bridge)" : "shares the card's group", TopologyMarks.SharesChosenGroup));
        if (node.Has(TopologyMarks.BootDisplay)) texts.Add(("boot display", TopologyMarks.BootDisplay));
        if (node.Has(TopologyMarks.HostDisk)) texts.Add(("host's disk", TopologyMarks.HostDisk));
        if (node.Has(TopologyMarks.HostNetwork)) texts.Add(("host's network", TopologyMarks.HostNetwork));
        if (node.Has(TopologyMarks.StorageClass)) texts.Add(("storage: host may need it", TopologyMarks.StorageClass));
        if (node.Has(TopologyMarks.NetworkClass)) texts.Add(("network: host may need it", TopologyMarks.NetworkClass));
        var tags = new List<TopologyTag>();
        double x = left, row = 0;
        foreach (var (text, mark) in texts)
        {
            var width = (text.Length * TagGlyph) + 12;
            if (x > left && x + width > left + room)
            {
                x = left;
                row++;
            }
            tags.Add(new TopologyTag(text, mark, x, row * (TagHeight + 3), width));
            x += width + 5;
        }
        return tags;
    }

    private static List<TopologyLegendEntry> Legend(PciTopology topology, double width, double top)
    {
        var items = new List<(TopologyLegendSwatch, string)>();
        if (topology.ChosenCard is { } card)
            items.Add((TopologyLegendSwatch.ChosenCard, $"Chosen card: {topology.Find(card.Address)?.Device?.DeviceName ?? card.Name} ({Short(card.Address)}), every function of its slot."));
        else
            items.Add((TopologyLegendSwatch.ChosenCard, "Chosen card: none is chosen (choose one on the checklist to see what would go with it)."));
        items.Add((TopologyLegendSwatch.SharesChosenGroup, "Shares the card's IOMMU group: it goes to the VM with the card. Bridges in the group stay with the host and do no harm."));
        items.Add((TopologyLegendSwatch.BootDisplay, "Boot display (boot_vga = 1): the screen the firmware and the host's console use."));
        var traced = (topology.DiskFromClassCodes, topology.NetworkFromClassCodes) switch
        {
            (false, false) => "Host's disk, host's network: the controller under / or /boot and the network card of the default route, traced through sysfs. Never give them to a VM.",
            (true, true) => "Storage (class 01xx) and network (02xx) controllers: the host's disk and default route could not be traced to a PCI device, so every such controller is marked as one the host may need.",
            (true, false) => "Host's network: the network card of the default route, traced through sysfs. Storage controllers (class 01xx): the host's disk could not be traced, so each is marked as one the host may need.",
            (false, true) => "Host's disk: the controller under / or /boot, traced through sysfs. Network controllers (class 02xx): the default route could not be traced, so each is marked as one the host may need.",
        };
        items.Add((TopologyLegendSwatch.HostNeeds, traced));
        items.Add(topology.IommuEnabled && topology.Groups.Count > 0
            ? (TopologyLegendSwatch.Group, "Box: an IOMMU group, the smallest set of devices a VM can be given. All of it goes, or none.")
            : (TopologyLegendSwatch.NoIommu, "No boxes: the IOMMU is off, so there are no groups yet. Step 2 turns it on; scan again after the reboot."));
        if (topology.HasInferredLinks)
            items.Add((TopologyLegendSwatch.InferredLink, "Dashed line: the bridge above is inferred from bus numbers, because the scan does not show the device's sysfs path."));
        if (topology.HasUnlinkedBuses)
            items.Add((TopologyLegendSwatch.UnlinkedBus, "Bus without a bridge: the scan lists devices on it but not the bridge that leads to it."));

        var perLine = Math.Max(20, (int)((width - (2 * Padding) - 30) / SansGlyph));
        var entries = new List<TopologyLegendEntry>();
        var y = top;
        foreach (var (swatch, text) in items)
        {
            var lines = Wrap(text, perLine);
            entries.Add(new TopologyLegendEntry(swatch, y, lines));
            y += (lines.Count * LineHeight) + 6;
        }
        return entries;
    }

    /// <summary>lspci's short form (<c>03:00.0</c>) when the domain is 0, as people write it in forums; the full address otherwise.</summary>
    public static string Short(PciAddress address) => address.Domain == 0 ? address.ToString()[5..] : address.ToString();

    private static string Fit(string text, double room, double glyph)
    {
        var max = (int)(room / glyph);
        if (max <= 1) return "";
        return text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
    }

    private static List<string> Wrap(string text, int perLine)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }
}
