using System.Globalization;
using System.Text;

namespace PassthroughWeb.Load;

/// <summary>The figures of one run: the hub's CPU and memory over the steady window, and the delay of status changes to the watchers.</summary>
public sealed record LoadResult
{
    public required LoadSettings Settings { get; init; }

    public required string OpenFileLimit { get; init; }

    public required TimeSpan AgentTokensTook { get; init; }

    public required int ProfileBytes { get; init; }

    /// <summary>From the first connect to every agent's report stored.</summary>
    public required TimeSpan ConnectTook { get; init; }

    /// <summary>Agent hosts the hub's <c>GET /api/hosts</c> listed online once every agent had reported, and at the end of the window.</summary>
    public required int OnlineAfterConnect { get; init; }

    public required int OnlineAfterWindow { get; init; }

    /// <summary>How long <c>GET /api/hosts</c> took after the window, the median of three (the Hosts page reads the same list).</summary>
    public required TimeSpan HostListTook { get; init; }

    /// <summary>Agent connections that closed during the run without being stopped.</summary>
    public required int ConnectionsLost { get; init; }

    public required TimeSpan WindowLength { get; init; }

    /// <summary>The hub's CPU time over the window, in cores (1.0 = one core busy all the time).</summary>
    public required double HubCores { get; init; }

    /// <summary>This process's CPU (the agents and watchers) over the window, in cores: it shares the machine with the hub.</summary>
    public required double LoadCores { get; init; }

    public required long HubRssAtStart { get; init; }

    public required long HubRssWindowMax { get; init; }

    /// <summary>The hub's peak RSS over its life (VmHWM), the connect and report burst included.</summary>
    public required long HubRssPeak { get; init; }

    public required int StatusChangesSent { get; init; }

    /// <summary>Per watcher: how many of the window's status changes reached it, and from how many distinct hosts.</summary>
    public required IReadOnlyList<(int Received, int Hosts, int Missed)> Watchers { get; init; }

    /// <summary>Every watcher's delays together, sorted.</summary>
    public required IReadOnlyList<TimeSpan> Delays { get; init; }

    public required string LoadAverage { get; init; }

    public TimeSpan DelayPercentile(double percentile)
    {
        if (Delays.Count == 0) return TimeSpan.Zero;
        var index = (int)Math.Ceiling(percentile / 100 * Delays.Count) - 1;
        return Delays[Math.Clamp(index, 0, Delays.Count - 1)];
    }

    public string Describe()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{Settings.Agents} agents, a heartbeat (keep-alive) every {PassthroughWeb.Web.Agents.AgentHubSettings.AgentKeepAlive.TotalSeconds:0} s, a status change every {Settings.StatusEvery.TotalSeconds:0} s each ({Settings.Agents / Settings.StatusEvery.TotalSeconds:0.#}/s), {Settings.Subscribers} watcher(s), window {WindowLength.TotalSeconds:0} s after {Settings.Warmup.TotalSeconds:0} s warm-up");
        text.AppendLine(c, $"  {OpenFileLimit}; agent tokens made in {AgentTokensTook.TotalSeconds:0.0} s; profile {ProfileBytes / 1024.0:0.0} KiB per report");
        text.AppendLine(c, $"  connect + report: {ConnectTook.TotalSeconds:0.0} s; online at the hub: {OnlineAfterConnect} after connect, {OnlineAfterWindow} after the window; GET /api/hosts {HostListTook.TotalMilliseconds:0} ms; connections lost {ConnectionsLost}");
        text.AppendLine(c, $"  hub CPU {HubCores * 100:0.0} % of one core; this process (agents, watchers) {LoadCores * 100:0.0} %");
        text.AppendLine(c, $"  hub RSS {Megabytes(HubRssAtStart)} MB idle, {Megabytes(HubRssWindowMax)} MB max in the window, {Megabytes(HubRssPeak)} MB peak (VmHWM)");
        text.AppendLine(c, $"  status changes sent {StatusChangesSent}; received {string.Join(", ", Watchers.Select(w => $"{w.Received} from {w.Hosts} hosts ({w.Missed} missed)"))}");
        text.AppendLine(c, $"  delay to a watcher: p50 {DelayPercentile(50).TotalMilliseconds:0.0} ms, p99 {DelayPercentile(99).TotalMilliseconds:0.0} ms, max {(Delays.Count == 0 ? 0 : Delays[^1].TotalMilliseconds):0.0} ms");
        text.Append(c, $"  load average (1, 5, 15 min) before → after: {LoadAverage}");
        return text.ToString();
    }

    private static string Megabytes(long bytes) => (bytes / 1_000_000.0).ToString("0", CultureInfo.InvariantCulture);
}
