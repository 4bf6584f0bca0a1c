using System.Reflection;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// The agent's side of a report: scans its root with the same scanner a local scan uses, and reads where the five steps
/// stand from its own data directory's history, as the hosts page does for a local host.
/// </summary>
public sealed class AgentReportBuilder(HistoryQuery histories, TimeProvider time)
{
    public async Task<AgentReport> BuildAsync(string root, string? hostName, CancellationToken ct)
    {
        var hostRoot = new HostRoot(root);
        // Reading sysfs is synchronous file I/O.
        var scan = await Task.Run(() => new HostScanner(time).Scan(hostRoot, hostName), ct).ConfigureAwait(false);
        var history = await histories.HistoryAsync(scan.HostName, ct).ConfigureAwait(false);
        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(scan, history));
        return new AgentReport
        {
            HostName = scan.HostName,
            ProfileJson = ScanReportJson.Serialize(scan),
            BootId = BootId.Read(hostRoot),
            AgentVersion = typeof(AgentReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            Steps = [.. progress.Steps.Select(AgentStepStatus.Of)],
            PlannedDevicesJson = ChangeSetJson.Serialize(history.PlannedDevices),
        };
    }

    /// <summary>How many GPUs a report's profile holds, for the agent's own log line.</summary>
    public static int GpuCount(AgentReport report) => ScanReportJson.Deserialize(report.ProfileJson).Gpus.Count;

}
