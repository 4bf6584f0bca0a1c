using System.Text.Json;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// A hub (<c>serve</c> on a free loopback port, its own data directory, <c>--agent-timeout 10</c>, scanning this machine) and the roots of the
/// machines its agents run on, written as the guide's workstation under their own host names. Started once per test
/// class (or once for the classes of <see cref="AgentFleetCollection"/>); each agent is a real <c>agent</c> process the
/// test starts, on a host name of its own (one agent token per host).
/// </summary>
public sealed class AgentFleet : IAsyncLifetime
{
    /// <summary>Long enough for a loaded 2-core CI machine to start a .NET process; the tests poll, so a fast machine does not wait.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _scratch = Directory.CreateTempSubdirectory("pw-fleet-").FullName;
    private HttpClient? _client;

    public RunningApp Hub { get; }

    public AgentFleet()
        : this([])
    {
    }

    internal AgentFleet(IReadOnlyList<string> hubArguments, string scheme = "http") =>
        Hub = new RunningApp(["--agent-timeout", "10", .. hubArguments], scheme, demo: false);

    public async ValueTask InitializeAsync()
    {
        await Hub.InitializeAsync();
        if (Hub.Unavailable is not null) return;
        // The tests' own reader of the API: the certificate under test is the agent's business, not this client's.
        _client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        _client.DefaultRequestHeaders.Authorization = new("Bearer", await Hub.CreateTokenAsync("fleet-reader"));
    }

    /// <summary>A host root of a machine named <paramref name="hostName"/> (the guide's workstation: RX 6750 XT and RX 6600).</summary>
    public string HostRoot(string hostName)
    {
        var path = Path.Combine(_scratch, hostName);
        if (Directory.Exists(path)) return path;
        Directory.CreateDirectory(path);
        HostTreeWriter.Write(new HostRoot(path), SampleWorkstation.Spec with { HostName = hostName });
        // Named as a real host names them: its distribution's pci.ids (this machine's), as the demo has it.
        PassthroughWeb.Services.DemoWorkstation.CopyPciNames(PassthroughWeb.Core.Host.HostRoot.Default, new HostRoot(path));
        return path;
    }

    /// <summary>The agent's own data directory on its machine.</summary>
    public string AgentData(string hostName) => Path.Combine(_scratch, "data-" + hostName);

    /// <summary>An agent token for the host, made as root on the hub makes one: <c>token create --agent HOSTNAME</c>.</summary>
    public async Task<string> AgentTokenAsync(string hostName)
    {
        var run = await CliRun.RunAsync("token", "create", "--agent", hostName, "--data", Hub.DataDirectory);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.StandardOutput.TrimEnd().Split('\n')[^1];
    }

    /// <summary>Starts <c>agent --hub URL --token TOKEN --root ROOT --data DATA</c> and any further arguments.</summary>
    internal CliProcess StartAgent(string hostName, string token, params string[] more) =>
        CliProcess.Start(["agent", "--hub", Hub.BaseAddress.ToString(), "--token", token, "--root", HostRoot(hostName), "--data", AgentData(hostName), .. more]);

    /// <summary><c>GET /api/hosts</c> as the hub's Admin.</summary>
    public async Task<JsonElement> HostsAsync()
    {
        using var response = await _client!.GetAsync(Hub.Url("api/hosts"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The host's entry in <c>GET /api/hosts</c>, or null when the hub does not list it.</summary>
    public async Task<JsonElement?> HostAsync(string hostName) =>
        (await HostsAsync()).EnumerateArray().Where(h => h.GetProperty("name").GetString() == hostName).Select(h => (JsonElement?)h).FirstOrDefault();

    /// <summary>Polls <c>GET /api/hosts</c> until the host's entry satisfies <paramref name="condition"/>; fails with the last answer and the hub's output.</summary>
    internal async Task<JsonElement> WaitForHostAsync(string hostName, Func<JsonElement, bool> condition, string what, CliProcess? agent = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await HostAsync(hostName);
            if (last is { } entry && condition(entry)) return entry;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {hostName} {what}; last entry: {last?.GetRawText() ?? "none"}\n{agent}\n--- hub\n{Hub.Output}");
    }

    public static bool Online(JsonElement host) => host.GetProperty("online").GetBoolean();

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await Hub.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}

/// <summary>The test classes that share one plain-HTTP hub: a hub start is most of their time.</summary>
[CollectionDefinition(Name)]
public sealed class AgentFleetCollection : ICollectionFixture<AgentFleet>
{
    public const string Name = "agent fleet";
}
