using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PassthroughWeb.Load;

/// <summary>
/// The hub under load: <c>dotnet PassthroughWeb.dll serve --urls http://127.0.0.1:PORT --data DIR</c> as a real process
/// on a fresh data directory, as an operator starts it. Stopped by its PID, its data directory removed.
/// </summary>
public sealed class LoadHub : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly StringBuilder _tail = new();
    private Process? _process;

    private LoadHub(string dataDirectory, Uri baseAddress)
    {
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The hub is not running.");

    /// <summary>The hub's last lines of output, for a failure's message.</summary>
    public string Tail
    {
        get
        {
            lock (_tail) return _tail.ToString();
        }
    }

    /// <summary>A fresh data directory on a free loopback port; <see cref="StartAsync"/> starts the process.</summary>
    public static LoadHub Prepare() =>
        new(Directory.CreateTempSubdirectory("pw-load-hub-").FullName, new Uri($"http://127.0.0.1:{FreePort()}/"));

    public async Task StartAsync(string hubDll, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in new[] { hubDll, "serve", "--urls", BaseAddress.GetLeftPart(UriPartial.Authority), "--data", DataDirectory })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("PASSTHROUGHWEB_DATA");
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The hub exited with code {_process.ExitCode} before it answered /health:\n{Tail}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health"), ct);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(ct)).Contains("\"ok\"", StringComparison.Ordinal)) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet, or busy starting.
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The hub did not answer /health within {StartTimeout.TotalSeconds} s:\n{Tail}");
    }

    public ProcessUsage Usage() => ProcessUsage.Read(ProcessId);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed process still held: the temporary directory is cleaned later by the system.
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.AppendLine(line);
            // The last few kilobytes are enough to say why it failed; a thousand agents' log lines are not kept.
            if (_tail.Length > 16_384) _tail.Remove(0, _tail.Length - 8_192);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
