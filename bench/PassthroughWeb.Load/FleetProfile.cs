using System.Text.RegularExpressions;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Checklist;

namespace PassthroughWeb.Load;

/// <summary>
/// The report every simulated agent sends at its connect: the guide's workstation (RX 6750 XT and RX 6600, the fixture
/// the agent tests run on) scanned once by the real scanner, under each host's own name, with its five steps as a
/// host without history has them, exactly as <see cref="AgentReportBuilder"/> writes them.
/// </summary>
public sealed partial class FleetProfile
{
    private readonly ScanReport _scan;
    private readonly IReadOnlyList<AgentStepStatus> _steps;

    private FleetProfile(ScanReport scan)
    {
        _scan = scan;
        var progress = ChecklistProgress.Of(HostChecklist.FactsOf(scan, null));
        _steps = [.. progress.Steps.Select(s => new AgentStepStatus { Number = s.Number, State = Kebab(s.State.ToString()), IsNext = s.IsNext, Detail = s.Detail, WaitsFor = s.WaitsFor })];
    }

    public static FleetProfile Scan()
    {
        var root = Directory.CreateTempSubdirectory("pw-load-host-").FullName;
        try
        {
            HostTreeWriter.Write(new HostRoot(root), SampleWorkstation.Spec);
            return new FleetProfile(new HostScanner(TimeProvider.System).Scan(new HostRoot(root)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>How many bytes of profile JSON each agent sends.</summary>
    public int ProfileBytes => ScanReportJson.Serialize(_scan).Length;

    public AgentReport ReportOf(string hostName) => new()
    {
        HostName = hostName,
        ProfileJson = ScanReportJson.Serialize(_scan with { HostName = hostName }),
        BootId = Guid.NewGuid().ToString(),
        AgentVersion = "load",
        Steps = _steps,
    };

    private static string Kebab(string name) => Capitals().Replace(name, "-$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capitals();
}
