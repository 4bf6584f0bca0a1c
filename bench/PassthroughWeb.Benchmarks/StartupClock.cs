using System.Diagnostics;
using System.Globalization;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Benchmarks;

/// <summary>
/// Whole-process start-up of the app's verbs against <c>lspci -nnk</c> on the same tree, in one run (the machines are
/// noisy, so only ratios measured together mean anything): <c>scan</c> storing its profile into a data directory
/// that is already migrated, the same into a fresh data directory, <c>scan --no-save</c>, and <c>serve</c> from
/// process start until <c>GET /health</c> answers 200 on a fresh data directory. Each is the median of N runs. With
/// <c>--baseline PATH</c> an older build is measured the same way in the same run.
/// </summary>
public static class StartupClock
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var app = Value(arguments, "--app") ?? throw new ArgumentException("--app PATH (the built PassthroughWeb executable) is required.");
        var root = Value(arguments, "--root") ?? throw new ArgumentException("--root DIR (a host tree) is required.");
        var runs = int.Parse(Value(arguments, "--runs") ?? "10", CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("passthroughweb-startup-");
        try
        {
            var devices = IommuListing.Parse((await RunAsync(WallClock.LspciNnk(root))).StandardOutput).Entries.Count;
            Console.WriteLine($"{devices} devices in {root}; median of {runs} runs each");

            var lspci = await MedianAsync(runs, _ => RunAsync(WallClock.LspciNnk(root)));
            Console.WriteLine("| what (whole process) | median | × lspci -nnk |");
            Console.WriteLine("|---|---:|---:|");
            Row("lspci -nnk", lspci, lspci);
            // --baseline: an older build measured in the same run, so that before and after meet the same load.
            var apps = Value(arguments, "--baseline") is { } baseline ? new[] { ("baseline: ", baseline), ("", app) } : [("", app)];
            foreach (var (label, path) in apps)
            {
                var migrated = Path.Combine(work.FullName, $"{label.Length}-migrated");
                await RunAsync(Scan(path, root, migrated));
                Row($"{label}scan --json (stores the profile; data directory already migrated)", await MedianAsync(runs, _ => RunAsync(Scan(path, root, migrated))), lspci);
                Row($"{label}scan --json (stores the profile; fresh data directory)",
                    await MedianAsync(runs, i => RunAsync(Scan(path, root, Path.Combine(work.FullName, $"{label.Length}-fresh-{i}")))), lspci);
                Row($"{label}scan --json --no-save",
                    await MedianAsync(runs, _ => RunAsync(new CommandRequest(path, ["scan", "--root", root, "--json", "--no-save"]))), lspci);
                Row($"{label}serve until GET /health answers 200 (fresh data directory)",
                    await MedianAsync(runs, i => ServeUntilAsync(path, root, Path.Combine(work.FullName, $"{label.Length}-serve-{i}"), "health", _ => true)), lspci);
                // An older build answers "ok" only; a newer one answers "starting" first, then "ok" once its scans are stored.
                Row($"{label}serve until GET /health says ok (scans stored; fresh data directory)",
                    await MedianAsync(runs, i => ServeUntilAsync(path, root, Path.Combine(work.FullName, $"{label.Length}-ready-{i}"), "health", body => body.Contains("\"ok\"", StringComparison.Ordinal))), lspci);
                Row($"{label}serve until the sign-in page answers 200 (first EF Core query; fresh data directory)",
                    await MedianAsync(runs, i => ServeUntilAsync(path, root, Path.Combine(work.FullName, $"{label.Length}-page-{i}"), "account/login", _ => true)), lspci);
            }
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static CommandRequest Scan(string app, string root, string data) =>
        new(app, ["scan", "--root", root, "--json", "--data", data]);

    private static async Task<CommandResult> RunAsync(CommandRequest request)
    {
        var result = await new ProcessCommandRunner().RunAsync(request, CancellationToken.None);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{request.Program} exited {result.ExitCode}: {result.StandardError}");
        return result;
    }

    /// <summary>Starts <c>serve</c> on a free loopback port and polls <paramref name="path"/>; the time ends at the first 200 whose body <paramref name="accept"/>s.</summary>
    private static async Task ServeUntilAsync(string app, string root, string data, string path, Func<string, bool> accept)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(app)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data, "--root", root }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"serve exited {process.ExitCode} before answering.");
                if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"serve did not answer /{path} within 60 s.");
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{path}"));
                    if (response.IsSuccessStatusCode && accept(await response.Content.ReadAsStringAsync())) return;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening, but too busy starting to answer within the client's timeout.
                }
                await Task.Delay(5);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<double> MedianAsync(int runs, Func<int, Task> action)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action(i);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static void Row(string what, double milliseconds, double lspci) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {milliseconds:F0} ms | {milliseconds / lspci:F1} |"));

    private static string? Value(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == name) return arguments[i + 1];
        }
        return null;
    }

    /// <summary>Writes a listing of the corpus (or any listing file) as a host tree, with this machine's pci.ids.</summary>
    public static int WriteListing(string listingFile, string directory)
    {
        Directory.CreateDirectory(directory);
        var root = new HostRoot(directory);
        var written = HostTreeWriter.Write(root, new HostTreeSpec
        {
            Listing = IommuListing.Parse(File.ReadAllText(listingFile)),
            HostName = "server",
        });
        if (HostRoot.Default.TryReadText("usr/share/misc/pci.ids") is { } names) root.WriteText("usr/share/misc/pci.ids", names);
        Console.WriteLine($"{written.Devices.Count} devices written to {directory}");
        return 0;
    }
}
