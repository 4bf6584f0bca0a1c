using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// The web app's build output started as a real process, the way a user starts it:
/// <c>dotnet PassthroughWeb.dll serve --urls http://127.0.0.1:PORT --data TEMP --demo</c> (and any further options,
/// such as <c>--connect URI</c>). Stopped by its PID.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    private readonly IReadOnlyList<string> _extraArguments;

    public RunningApp()
        : this([])
    {
    }

    /// <summary>An app started with further <c>serve</c> options; a fixture that owns it starts and stops it.</summary>
    /// <summary>An app listening with <paramref name="scheme"/> (<c>https</c>: its generated certificate).</summary>
    /// <summary>Without <paramref name="demo"/> the app starts in a third of the time (no demo host, no private libvirtd).</summary>
    /// <summary><paramref name="environment"/> is set for the app and seen by the CLI verbs run for it (PASSTHROUGHWEB_DATABASE …).</summary>
    internal RunningApp(IReadOnlyList<string> extraArguments, string scheme = "http", bool withAdmin = true, bool demo = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        _extraArguments = extraArguments;
        _environment = environment ?? new Dictionary<string, string>();
        _scheme = scheme;
        _withAdmin = withAdmin;
        _demo = demo;
    }

    private readonly string _scheme;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <summary>The CLI as it runs beside this app: the real one, seeing the app's own environment on top of this process's.</summary>
    internal PassthroughWeb.Cli.CliServices Cli => PassthroughWeb.Cli.CliServices.Default with
    {
        GetEnvironmentVariable = name => _environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
    };
    private readonly bool _withAdmin;
    private readonly bool _demo;

    /// <summary>The Admin the tests sign in as, added through the CLI once the app runs (unless the test sets the app up itself).</summary>
    public const string AdminName = "tester";

    /// <summary>The password of every user the tests add.</summary>
    public const string Password = "correct horse battery staple";

    // Start-up applies migrations and scans two hosts; on a loaded 2-core CI machine that has taken 30 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "passthroughweb-browser", Guid.NewGuid().ToString("N"));
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Why the app could not be started (no build output), or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>What the app printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async ValueTask InitializeAsync()
    {
        var dll = FindWebAppDll();
        if (dll is null)
        {
            Unavailable = "The web app's build output (src/PassthroughWeb/bin/<configuration>/net10.0/PassthroughWeb.dll) was not found: build the solution first.";
            return;
        }
        var port = FreePort();
        BaseAddress = new Uri($"{_scheme}://127.0.0.1:{port}/");
        await StartAsync(dll, port);
        if (_withAdmin) await AddUserAsync(AdminName, "admin");
    }

    /// <summary>Kills the app the way a crash or a power cut would, keeping its data directory and its address for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts a new app process on the same port and data directory (after <see cref="StopAsync"/>): a restart.</summary>
    public Task StartAgainAsync() =>
        StartAsync(FindWebAppDll() ?? throw new InvalidOperationException(Unavailable), BaseAddress.Port);

    private async Task StartAsync(string dll, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { dll, "serve", "--urls", $"{_scheme}://127.0.0.1:{port}", "--data", DataDirectory }.Concat(_demo ? ["--demo"] : []).Concat(_extraArguments))
            start.ArgumentList.Add(argument);
        // The app must serve its static assets by itself, outside Development too.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("PASSTHROUGHWEB_DATA");
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>Adds a user the way an operator on the host does: <c>PassthroughWeb user add NAME --role ROLE --password-stdin</c>.</summary>
    public async Task AddUserAsync(string name, string role)
    {
        var services = Cli with { StandardInput = new StringReader(Password + "\n") };
        var run = await PassthroughWeb.Tests.Cli.CliRun.RunAsync(services, "user", "add", name, "--role", role, "--password-stdin", "--data", DataDirectory);
        if (run.ExitCode != 0) throw new InvalidOperationException($"user add {name} failed: {run}");
    }

    /// <summary>An access token for the tests' Admin (or <paramref name="user"/>), made as root on the host makes one: <c>PassthroughWeb token create</c>.</summary>
    public async Task<string> CreateTokenAsync(string label, string user = AdminName)
    {
        var run = await PassthroughWeb.Tests.Cli.CliRun.RunAsync(Cli, "token", "create", "--user", user, "--name", label, "--data", DataDirectory);
        if (run.ExitCode != 0) throw new InvalidOperationException($"token create failed: {run}");
        return run.StandardOutput.TrimEnd().Split('\n')[^1];
    }

    /// <summary>A plain HTTP client that sends the tests' Admin's token (every page needs sign-in).</summary>
    public async Task<HttpClient> SignedInClientAsync()
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await CreateTokenAsync($"http-{Guid.NewGuid():N}"[..13]));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    public Uri Url(string relative) => new(BaseAddress, relative);

    private async Task WaitUntilHealthyAsync()
    {
        // Only whether it answers: the certificate is the tests' business (HttpsServeTests pins it).
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it answered /health:\n{Output}");
            try
            {
                using var response = await http.GetAsync(Url("health"));
                // "starting" answers while the start-up scans still run: the tests want the hosts there.
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("\"ok\"", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not answer /health within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web project's own build output, of the same configuration as this test assembly.</summary>
    internal static string? FindWebAppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Debug";
        for (var directory = here; directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "PassthroughWeb.sln"))) continue;
            var dll = Path.Combine(directory.FullName, "src", "PassthroughWeb", "bin", configuration, "net10.0", "PassthroughWeb.dll");
            return File.Exists(dll) ? dll : null;
        }
        return null;
    }
}
