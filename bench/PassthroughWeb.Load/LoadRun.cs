using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PassthroughWeb.Load;

/// <summary>
/// One run: a fresh hub, its fleet of simulated agents and its watchers; the fleet connects and reports, settles, and
/// the hub is measured over a steady window while every agent keeps its heartbeat and changes status at the set rate.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        // A socket per agent here and at the hub (which inherits this limit), and the processes' own files.
        var limit = OpenFileLimit.Ensure(2L * (settings.Agents + settings.Subscribers) + 1024);
        var loadAverageBefore = LoadAverage();
        var hosts = Enumerable.Range(1, settings.Agents).Select(i => $"gpu-node-{i:D4}").ToList();
        var profile = FleetProfile.Scan();
        await using var hub = LoadHub.Prepare();
        var access = await FleetAccess.CreateAsync(hub.DataDirectory, hosts, ct);
        await log.WriteLineAsync($"load: {limit}; {hosts.Count} agent tokens made in {access.AgentTokensTook.TotalSeconds:0.0} s; starting the hub on {hub.BaseAddress}");
        await hub.StartAsync(settings.HubDll, ct);
        var idle = hub.Usage();

        using var api = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = settings.Patience };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access.WatchToken);
        var watchers = new List<StatusSubscriber>();
        var agents = new List<SimulatedAgent>();
        using var stopChanges = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var changing = new List<Task>();
        try
        {
            for (var i = 0; i < settings.Subscribers; i++)
            {
                var watcher = new StatusSubscriber(hub.BaseAddress, access.WatchToken);
                watchers.Add(watcher);
                await watcher.StartAsync(ct);
            }

            var connectClock = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(settings.ConnectConcurrency))
            {
                await Task.WhenAll(hosts.Select(async host =>
                {
                    var agent = new SimulatedAgent(hub.BaseAddress, host, access.AgentTokens[host]);
                    lock (agents) agents.Add(agent);
                    await gate.WaitAsync(ct);
                    try
                    {
                        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        bounded.CancelAfter(settings.Patience);
                        await agent.ConnectAsync(profile.ReportOf(host), bounded.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        throw new InvalidOperationException($"The agent of {host} could not connect and report: {e.Message}\n--- the hub's last lines\n{hub.Tail}", e);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            var connectTook = connectClock.Elapsed;
            var (onlineAfterConnect, _) = await OnlineAgentsAsync(api, ct);
            await log.WriteLineAsync($"load: {agents.Count} agents connected and reported in {connectTook.TotalSeconds:0.0} s; {onlineAfterConnect} online at the hub");

            // Each agent changes status at its own random phase within the interval, as a fleet does.
            var sent = 0;
            // As UTC ticks, read and written whole from the agents' loops.
            var windowFromTicks = long.MaxValue;
            var windowToTicks = long.MaxValue;
            foreach (var agent in agents)
            {
                var phase = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * settings.StatusEvery.TotalMilliseconds);
                changing.Add(ChangeStatusAsync(agent, phase, settings.StatusEvery, at =>
                {
                    if (at.UtcTicks >= Interlocked.Read(ref windowFromTicks) && at.UtcTicks < Interlocked.Read(ref windowToTicks)) Interlocked.Increment(ref sent);
                }, stopChanges.Token));
            }
            await Task.Delay(settings.Warmup, ct);

            var before = hub.Usage();
            var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var rssMax = before.RssBytes;
            var windowClock = Stopwatch.StartNew();
            var windowFrom = DateTimeOffset.UtcNow;
            Interlocked.Exchange(ref windowFromTicks, windowFrom.UtcTicks);
            while (windowClock.Elapsed < settings.Window)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (settings.Window - windowClock.Elapsed).TotalMilliseconds))), ct);
                rssMax = Math.Max(rssMax, hub.Usage().RssBytes);
            }
            var windowTo = DateTimeOffset.UtcNow;
            Interlocked.Exchange(ref windowToTicks, windowTo.UtcTicks);
            var after = hub.Usage();
            var windowLength = windowClock.Elapsed;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;

            // The window's last changes still on their way: waited for, bounded.
            var deadline = DateTime.UtcNow + settings.Patience;
            while (DateTime.UtcNow < deadline && watchers.Any(w => w.Arrivals(windowFrom, windowTo).Count < Volatile.Read(ref sent)))
                await Task.Delay(100, ct);
            await stopChanges.CancelAsync();
            await Task.WhenAll(changing);
            // The hosts list as the Hosts page reads it, three times: the median, on a machine shared with others.
            var lists = new List<(int Online, TimeSpan Took)>();
            for (var i = 0; i < 3; i++) lists.Add(await OnlineAgentsAsync(api, ct));
            var onlineAfterWindow = lists.Min(l => l.Online);
            var hostListTook = lists.Select(l => l.Took).Order().ElementAt(1);

            var arrivals = watchers.Select(w => w.Arrivals(windowFrom, windowTo)).ToList();
            return new LoadResult
            {
                Settings = settings,
                OpenFileLimit = limit,
                AgentTokensTook = access.AgentTokensTook,
                ProfileBytes = profile.ProfileBytes,
                ConnectTook = connectTook,
                OnlineAfterConnect = onlineAfterConnect,
                OnlineAfterWindow = onlineAfterWindow,
                HostListTook = hostListTook,
                ConnectionsLost = agents.Sum(a => a.Lost),
                WindowLength = windowLength,
                HubCores = (after.CpuTime - before.CpuTime) / windowLength,
                LoadCores = ownCpu / windowLength,
                HubRssAtStart = idle.RssBytes,
                HubRssWindowMax = rssMax,
                HubRssPeak = after.PeakRssBytes,
                StatusChangesSent = sent,
                Watchers = [.. arrivals.Zip(watchers).Select(p => (p.First.Count, p.First.Select(a => a.Host).Distinct().Count(), p.Second.Missed))],
                Delays = [.. arrivals.SelectMany(a => a).Select(a => a.Delay).Order()],
                LoadAverage = $"{loadAverageBefore} → {LoadAverage()}",
            };
        }
        finally
        {
            await stopChanges.CancelAsync();
            await Task.WhenAll(changing.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
            foreach (var watcher in watchers) await watcher.DisposeAsync();
        }
    }

    private static async Task ChangeStatusAsync(SimulatedAgent agent, TimeSpan phase, TimeSpan every, Action<DateTimeOffset> counted, CancellationToken ct)
    {
        try
        {
            await Task.Delay(phase, ct);
            using var timer = new PeriodicTimer(every);
            do
            {
                var at = DateTimeOffset.UtcNow;
                counted(at);
                await agent.ChangeStatusAsync(at, ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>How many agent hosts the hub lists online (<c>GET /api/hosts</c>), and how long it took to answer.</summary>
    private static async Task<(int Online, TimeSpan Took)> OnlineAgentsAsync(HttpClient api, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.GetAsync(new Uri("api/hosts", UriKind.Relative), ct);
        response.EnsureSuccessStatusCode();
        using var hosts = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var took = clock.Elapsed;
        var online = hosts.RootElement.EnumerateArray().Count(h => h.GetProperty("source").GetString() == "agent" && h.GetProperty("online").GetBoolean());
        return (online, took);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
