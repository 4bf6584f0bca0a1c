using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Core.Testing;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// Where a crash test works: the guide's workstation as the template host, a migrated empty database to start each
/// trial from, and one directory per trial holding its own copy of the host root and its own data directory, so that
/// trials run side by side. Everything is deleted on dispose.
/// </summary>
internal sealed partial class CrashWorkspace : IDisposable
{
    /// <summary>How long a verb may take on a loaded machine before it counts as hung.</summary>
    public static readonly TimeSpan VerbTimeout = TimeSpan.FromMinutes(2);

    private readonly GuideWorkstation _template = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("pw-crash-").FullName;
    private string? _migratedDatabase;
    private int _trials;

    public CrashWorkspace() => Old = TreeSnapshot.Take(_template.Path);

    /// <summary>The host before any change.</summary>
    public TreeSnapshot Old { get; }

    public string TemplateRoot => _template.Path;

    /// <summary>
    /// Trials run this many at a time: each is two or three short processes that mostly start up (JIT, EF Core's model),
    /// so a few more than the cores keep them busy without starving the machine.
    /// </summary>
    public static int Parallelism => Math.Clamp(Environment.ProcessorCount * 2, 2, 6);

    /// <summary>
    /// How many kills at random moments a scenario makes: <paramref name="ordinary"/> in a normal run; with
    /// <c>PASSTHROUGHWEB_CRASH_RUNS=N</c>, N/100 times as many (1000 for a long run of about ten times the kills).
    /// </summary>
    public static int RandomKills(int ordinary) =>
        int.TryParse(Environment.GetEnvironmentVariable("PASSTHROUGHWEB_CRASH_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0
            ? Math.Max(1, ordinary * runs / 100)
            : ordinary;

    /// <summary>A new trial: a copy of the template host, and a data directory holding a migrated empty database unless <paramref name="migrated"/> is false (then it does not exist yet).</summary>
    public async Task<Trial> NewTrialAsync(bool migrated = true)
    {
        var directory = Path.Combine(_directory, Interlocked.Increment(ref _trials).ToString("D4", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var trial = new Trial(Path.Combine(directory, "root"), Path.Combine(directory, "data"));
        await RunToolAsync("cp", "-a", _template.Path, trial.Root);
        if (migrated)
        {
            Directory.CreateDirectory(trial.Data);
            File.Copy(await MigratedDatabaseAsync(), PassthroughDatabase.PathIn(trial.Data));
        }
        return trial;
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        if (_migratedDatabase is not null) return _migratedDatabase;
        var data = Path.Combine(_directory, "migrated");
        var history = await CliProcess.RunAsync("history", "--root", _template.Path, "--data", data, "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.False(PassthroughDatabase.HasPendingMigrations(data));
        return _migratedDatabase = PassthroughDatabase.PathIn(data);
    }

    /// <summary>
    /// Runs the verb with <paramref name="arguments"/> and SIGKILLs it at <paramref name="at"/>. Returns null when it was
    /// killed there; otherwise why not (a timed kill that came after the verb had ended by itself, or a named point the
    /// verb never reached, which the caller treats as a failure).
    /// </summary>
    public static async Task<string?> KillAsync(KillAt at, params string[] arguments)
    {
        var environment = new Dictionary<string, string>();
        if (at.Point is not null) environment[CrashPoints.EnvironmentVariable] = at.Variable;
        await using var process = CliProcess.Start(environment, arguments);
        if (at.Point is null)
        {
            await Task.Delay(at.Delay);
            if (process.HasExited) return "the verb had ended by itself";
            await process.KillAsync();
            return null;
        }
        var reached = $"crash point {at.Point} reached";
        var deadline = Stopwatch.StartNew();
        while (!process.Error.Contains(reached, StringComparer.Ordinal))
        {
            if (process.HasExited && !process.Error.Contains(reached, StringComparer.Ordinal))
                return $"the verb ended without reaching {at.Variable}:\n{process}";
            if (deadline.Elapsed > VerbTimeout) return $"{at.Variable} was not reached within {VerbTimeout.TotalSeconds} s:\n{process}";
            await Task.Delay(25);
        }
        await process.KillAsync();
        return null;
    }

    /// <summary>Runs every kill, <see cref="Parallelism"/> at a time, and returns what each found wrong (empty lines: nothing).</summary>
    public static async Task<IReadOnlyList<string>> RunAllAsync(IReadOnlyList<KillAt> kills, Func<KillAt, Task<string>> trial)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        var results = await Task.WhenAll(kills.Select(async kill =>
        {
            await slots.WaitAsync();
            try
            {
                return await trial(kill);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"{kill}: {e}";
            }
            finally
            {
                slots.Release();
            }
        }));
        return results;
    }

    /// <summary>
    /// What is wrong with a host right after a kill: a file that holds neither its old nor its new bytes (half-written),
    /// or a leftover other than a change set's temporary file holding the old or new bytes of its target.
    /// </summary>
    public static IReadOnlyList<string> HalfWritten(TreeSnapshot now, TreeSnapshot old, TreeSnapshot @new)
    {
        var problems = new List<string>();
        foreach (var (path, bytes) in now.Files)
        {
            if (Same(old.Files, path, bytes) || Same(@new.Files, path, bytes)) continue;
            var temporary = TemporaryFile().Match(Path.GetFileName(path));
            var target = temporary.Success ? Path.Combine(Path.GetDirectoryName(path)!, temporary.Groups["name"].Value) : null;
            if (target is not null && (Same(old.Files, target, bytes) || Same(@new.Files, target, bytes))) continue;
            problems.Add(target is null ? $"{path} is half-written (neither its old nor its new bytes)" : $"{path}, the temporary file of {target}, holds neither its old nor its new bytes");
        }
        problems.AddRange(now.Directories.Where(d => !old.Directories.Contains(d) && !@new.Directories.Contains(d)).Select(d => $"{d}/ is a directory of neither host"));
        return problems;
    }

    private static bool Same(IReadOnlyDictionary<string, byte[]> files, string path, byte[] bytes) =>
        files.TryGetValue(path, out var expected) && expected.AsSpan().SequenceEqual(bytes);

    /// <summary>HostFiles.TemporaryPathFor: <c>.NAME.passthroughweb-ID.tmp</c>.</summary>
    [GeneratedRegex(@"\A\.(?<name>.+)\.passthroughweb-[0-9a-f]{32}\.tmp\z")]
    private static partial Regex TemporaryFile();

    /// <summary>The next verb after a kill: the history as JSON, which first finishes what the kill left half done.</summary>
    public static async Task<(JsonElement? History, string Problem)> HistoryAfterKillAsync(Trial trial)
    {
        await using var process = CliProcess.Start("history", "--root", trial.Root, "--data", trial.Data, "--json");
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(VerbTimeout);
        }
        catch (TimeoutException e)
        {
            return (null, $"the next verb (history) hung: {e.Message}");
        }
        if (exitCode != 0) return (null, $"the next verb (history) failed with exit {exitCode}:\n{process}");
        return (JsonDocument.Parse(string.Join('\n', process.Output)).RootElement.Clone(), "");
    }

    /// <summary>Runs a tool of this machine (cp) with an argument list; fails the test when it fails.</summary>
    public static async Task RunToolAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {error}");
    }

    public void Dispose()
    {
        _template.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>One kill's own host root and data directory.</summary>
internal sealed record Trial(string Root, string Data);
