using System.Globalization;

namespace PassthroughWeb.Load;

/// <summary>One load run: how many agents, how often each changes status, how long the measured window lasts.</summary>
public sealed record LoadSettings
{
    /// <summary>The hub's build output (<c>src/PassthroughWeb/bin/Release/net10.0/PassthroughWeb.dll</c>), started with <c>dotnet</c>.</summary>
    public required string HubDll { get; init; }

    public int Agents { get; init; } = 1000;

    /// <summary>Each agent changes status once in this interval (at a random phase), so the fleet sends Agents / this per second.</summary>
    public TimeSpan StatusEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After every agent is online, before the window: the connect and report burst settles.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The steady-state window the figures are taken over.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clients watching the status hub, as <c>watch</c> and the Hosts page do.</summary>
    public int Subscribers { get; init; } = 1;

    /// <summary>Agents connecting at the same time while the fleet starts (a fleet after a hub restart comes all at once, with back-off).</summary>
    public int ConnectConcurrency { get; init; } = 32;

    /// <summary>How long the fleet may take to connect and report, and a status change to arrive, before the run fails saying so.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Parses <c>--agents N --status-every S --warmup S --window S --subscribers N --hub-dll PATH</c>; null and a
    /// message when an argument is not one of these or not a number.
    /// </summary>
    public static (LoadSettings? Settings, int? Baseline, string? Problem) Parse(IReadOnlyList<string> args, string? defaultHubDll)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal)) return (null, null, $"'{args[i]}' needs a value (--agents 1000 --status-every 30 …).");
            values[args[i][2..]] = args[i + 1];
        }
        var known = new[] { "agents", "status-every", "warmup", "window", "subscribers", "hub-dll", "baseline", "connect-concurrency" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown) return (null, null, $"--{unknown} is not an option of load; it takes --{string.Join(", --", known)}.");
        int? Number(string name, int minimum)
        {
            if (!values.TryGetValue(name, out var text)) return null;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum ? number : throw new FormatException($"--{name} takes a whole number of at least {minimum}, not '{text}'.");
        }
        try
        {
            var hubDll = values.GetValueOrDefault("hub-dll") ?? defaultHubDll;
            if (hubDll is null || !File.Exists(hubDll))
                return (null, null, $"The hub's build output was not found ({hubDll ?? "no --hub-dll"}): `dotnet build src/PassthroughWeb/PassthroughWeb.csproj -c Release` first, or give --hub-dll PATH.");
            var defaults = new LoadSettings { HubDll = hubDll };
            var settings = defaults with
            {
                Agents = Number("agents", 1) ?? defaults.Agents,
                StatusEvery = Number("status-every", 1) is { } every ? TimeSpan.FromSeconds(every) : defaults.StatusEvery,
                Warmup = Number("warmup", 0) is { } warmup ? TimeSpan.FromSeconds(warmup) : defaults.Warmup,
                Window = Number("window", 1) is { } window ? TimeSpan.FromSeconds(window) : defaults.Window,
                Subscribers = Number("subscribers", 1) ?? defaults.Subscribers,
                ConnectConcurrency = Number("connect-concurrency", 1) ?? defaults.ConnectConcurrency,
            };
            return (settings, Number("baseline", 1), null);
        }
        catch (FormatException e)
        {
            return (null, null, e.Message);
        }
    }
}
