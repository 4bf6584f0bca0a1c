using System.Globalization;
using PassthroughWeb.Load;

// load [--agents 1000] [--status-every 30] [--warmup 15] [--window 60] [--subscribers 1] [--baseline 100] [--hub-dll PATH]
var (settings, baseline, problem) = LoadSettings.Parse(args, DefaultHubDll());
if (settings is null)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
LoadResult? smaller = null;
if (baseline is { } baselineAgents)
{
    // The same run with fewer agents, on its own fresh hub: the ratios say how the hub grows with the fleet.
    smaller = await LoadRun.RunAsync(settings with { Agents = baselineAgents }, Console.Error, stop.Token);
    Console.WriteLine(smaller.Describe());
}
var result = await LoadRun.RunAsync(settings, Console.Error, stop.Token);
Console.WriteLine(result.Describe());
if (smaller is not null)
{
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(c, $"{result.Settings.Agents} vs {smaller.Settings.Agents} agents ({(double)result.Settings.Agents / smaller.Settings.Agents:0.#}×): hub CPU {Ratio(result.HubCores, smaller.HubCores)}, RSS in the window {Ratio(result.HubRssWindowMax, smaller.HubRssWindowMax)}, p50 {Ratio(result.DelayPercentile(50).TotalMilliseconds, smaller.DelayPercentile(50).TotalMilliseconds)}, p99 {Ratio(result.DelayPercentile(99).TotalMilliseconds, smaller.DelayPercentile(99).TotalMilliseconds)}"));
}
var complete = result.OnlineAfterConnect == settings.Agents && result.OnlineAfterWindow == settings.Agents && result.Watchers.All(w => w.Received == result.StatusChangesSent);
if (!complete) await Console.Error.WriteLineAsync("load: not every agent stayed online or not every status change reached every watcher: the figures above are not of a healthy run.");
return complete ? 0 : 1;

static string Ratio(double larger, double smaller) => smaller <= 0 ? "n/a" : (larger / smaller).ToString("0.0×", CultureInfo.InvariantCulture);

// The Release build of the web app next to this repository's bench/, as `dotnet build -c Release` leaves it.
static string? DefaultHubDll()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        if (File.Exists(Path.Combine(directory.FullName, "PassthroughWeb.sln")))
            return Path.Combine(directory.FullName, "src", "PassthroughWeb", "bin", "Release", "net10.0", "PassthroughWeb.dll");
    return null;
}
