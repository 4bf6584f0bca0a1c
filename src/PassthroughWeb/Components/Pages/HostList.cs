using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Checklist;

namespace PassthroughWeb.Components.Pages;

/// <summary>The hosts page's search, filter and order, apart from the page so they can be tested alone.</summary>
public static class HostList
{
    public static IReadOnlyList<HostStanding> Arrange(IEnumerable<HostStanding> hosts, string? search, HostFilter filter, HostSort sort)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var words = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shown = hosts.Where(h => words.All(w => Matches(h, w)) && Passes(h, filter));
        return [.. sort switch
        {
            HostSort.Scan => shown.OrderByDescending(h => h.Host.LastScan).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase),
            HostSort.Progress => shown.OrderBy(h => h.Progress.CompleteCount).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase),
            _ => shown.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase),
        }];
    }

    private static bool Matches(HostStanding host, string word)
    {
        var report = host.Host.Report;
        return Contains(host.Name, word) || Contains(report.Cpu.Model, word) || Contains(host.Source, word)
               || report.Gpus.Any(g => Contains(g.Name, word) || Contains(g.Address.ToString(), word) || Matches(report.FindDevice(g.Address), word));
    }

    /// <summary>The card as pci.ids names it ("Navi 23 [Radeon RX 6600/6600 XT/6600M]", "Advanced Micro Devices") and its ID (1002:73ff).</summary>
    private static bool Matches(PciDevice? device, string word) =>
        device is not null && (Contains(device.DeviceName, word) || Contains(device.VendorName, word) || Contains(device.VendorDevice, word));

    private static bool Contains(string? text, string word) => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    private static bool Passes(HostStanding host, HostFilter filter) => filter switch
    {
        HostFilter.Todo => host.Progress.Next is not null,
        HostFilter.Attention => host.Progress.Steps.Any(s => s.State is ChecklistState.RebootNeeded or ChecklistState.Failed or ChecklistState.Recheck),
        HostFilter.Complete => host.Progress.Next is null,
        HostFilter.ReadyGpu => host.Host.Report.Gpus.Any(g => g.Verdict == GpuVerdict.Ready),
        _ => true,
    };
}
