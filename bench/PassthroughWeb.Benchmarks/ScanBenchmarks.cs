using BenchmarkDotNet.Attributes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Benchmarks;

/// <summary>
/// The step-1 scan, warm and in-process, beside <c>lspci -nnk</c> on the same tree (a process per operation,
/// as a user or a script would run it). The guide's per-device loop is too slow for this harness at 5,000
/// devices; <c>wall</c> measures it (see docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private HostRoot _root = null!;
    private HostScanner _scanner = null!;
    private ProcessCommandRunner _runner = null!;
    private CommandRequest _lspci = null!;

    [Params(50, 500, 5000)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var directory = BenchmarkHosts.Ensure(Devices);
        _root = new HostRoot(directory);
        _scanner = new HostScanner(TimeProvider.System);
        _runner = new ProcessCommandRunner();
        _lspci = WallClock.LspciNnk(directory);
        var report = _scanner.Scan(_root);
        if (report.Devices.Count < Devices)
            throw new InvalidOperationException($"The synthetic host at {directory} has {report.Devices.Count} devices, fewer than {Devices}.");
    }

    [Benchmark(Baseline = true)]
    public ScanReport Scan() => _scanner.Scan(_root);

    [Benchmark]
    public async Task<CommandResult> LspciNnk()
    {
        var result = await _runner.RunAsync(_lspci, CancellationToken.None);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException(result.StandardError);
    }
}
