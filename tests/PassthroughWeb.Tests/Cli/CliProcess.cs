using System.Diagnostics;
using System.Text.Json;
using PassthroughWeb.Tests.Browser;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// The app's executable run as its own process, <c>dotnet PassthroughWeb.dll VERB …</c>, the way a terminal or a script
/// next to the running app runs it: every line it writes to stdout and stderr is kept as it comes. Killed by its PID.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Add(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>dotnet PassthroughWeb.dll</c> with <paramref name="arguments"/>, one argv entry each.</summary>
    public static CliProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts it with <paramref name="environment"/> set on top of this process's own.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = RunningApp.FindWebAppDll() ?? throw new InvalidOperationException("The web app's build output was not found: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("PASSTHROUGHWEB_DATA");
        start.Environment.Remove("PASSTHROUGHWEB_TOKEN");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Runs one verb to its end (a loaded machine gets minutes) and returns its exit code and output.</summary>
    public static async Task<CliRun> RunAsync(params string[] arguments)
    {
        await using var process = Start(arguments);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return new CliRun(exitCode, string.Join('\n', process.Output) + "\n", string.Join('\n', process.Error) + "\n");
    }

    public IReadOnlyList<string> Output => Copy(_output);

    public IReadOnlyList<string> Error => Copy(_error);

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// SIGSTOP (<paramref name="pause"/>) or SIGCONT: a process that holds every request without closing a connection, as
    /// one stuck on a slow disk does; its connections stay open meanwhile.
    /// </summary>
    public async Task SignalAsync(bool pause)
    {
        using var kill = Process.Start("kill", [pause ? "-STOP" : "-CONT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL to the process alone, as a power cut or <c>kill -9</c> would stop it (a program it started runs on); waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>The process's exit code, once it ended by itself within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not end within {timeout.TotalSeconds} s.\n{this}");
        }
        // The last lines may still be on their way to the handlers: this waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>The stdout lines parsed as JSON objects (watch --json prints nothing else there).</summary>
    public IReadOnlyList<JsonElement> JsonLines() => [.. Output.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>Polls until <paramref name="condition"/> holds; fails with everything the process printed when it does not in time.</summary>
    public async Task WaitUntilAsync(Func<CliProcess, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}.\n{this}");
            if (_process.HasExited && !condition(this))
            {
                _process.WaitForExit();
                if (condition(this)) return;
                throw new InvalidOperationException($"The process exited ({_process.ExitCode}) before {what}.\n{this}");
            }
            await Task.Delay(100);
        }
    }

    public override string ToString() => $"--- stdout\n{string.Join('\n', Output)}\n--- stderr\n{string.Join('\n', Error)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Add(List<string> lines, string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
    }

    private static List<string> Copy(List<string> lines)
    {
        lock (lines) return [.. lines];
    }
}
