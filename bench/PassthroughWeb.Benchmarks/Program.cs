using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using PassthroughWeb.Benchmarks;

if (args is ["write", var countText, var directory])
{
    // Writes one synthetic host, for trying the tools on it by hand.
    var count = int.Parse(countText, CultureInfo.InvariantCulture);
    Directory.CreateDirectory(directory);
    var clock = Stopwatch.StartNew();
    var written = SyntheticHost.Write(directory, count);
    Console.WriteLine($"{written.Devices.Count} devices written to {directory} in {clock.Elapsed.TotalSeconds:F1} s");
    return 0;
}
if (args is ["profile", var profileCount, .. var profileRest])
    return ScanProfile.Run(int.Parse(profileCount, CultureInfo.InvariantCulture), profileRest is [var r] ? int.Parse(r, CultureInfo.InvariantCulture) : 20);
if (args is ["scan", var scanCount, var repeatText])
{
    // Scans one synthetic host REPEAT times: for strace/perf to count what a scan costs.
    var scanRoot = new PassthroughWeb.Core.Host.HostRoot(BenchmarkHosts.Ensure(int.Parse(scanCount, CultureInfo.InvariantCulture)));
    var scanner = new PassthroughWeb.Core.Scanning.HostScanner(TimeProvider.System);
    for (var i = int.Parse(repeatText, CultureInfo.InvariantCulture); i > 0; i--) scanner.Scan(scanRoot);
    return 0;
}
if (args is ["write-listing", var listingFile, var listingDirectory]) return StartupClock.WriteListing(listingFile, listingDirectory);
if (args is ["startup", .. var startupArguments]) return await StartupClock.RunAsync(startupArguments);
if (args is ["wall", .. var wallArguments]) return await WallClock.RunAsync(wallArguments);
if (args is ["history", .. var historyArguments]) return await HistoryPaging.RunAsync(historyArguments);

BenchmarkSwitcher.FromAssembly(typeof(SyntheticHost).Assembly).Run(args);
return 0;
