using System.Security.Cryptography;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Bad values for the options of the step verbs: each is refused with a usage error that says what is accepted,
/// before libvirt or the host is touched, and the host root is byte for byte what it was.
/// </summary>
public sealed class BadInputCommandLineTests : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    // An unreachable libvirt: a refusal that came after asking it would fail differently.
    private Task<CliRun> PlanVm(params string[] options) =>
        CliRun.RunAsync(["plan", "--steps", "vm", "--gpu", Gpu, "--connect", "qemu+unix:///system?socket=/nonexistent", "--root", _host.Path, "--data", _data.Path, .. options]);

    public static TheoryData<string[], string> BadVmOptions => new()
    {
        { ["--vm", "win11/../../etc"], "libvirt names hold no '/'" },
        { ["--vm", "win11\nshutdown"], "no '/' and no control characters" },
        { ["--vm", "win11", "--vendor-id", "thirteenchars"], "at most 12" },
        { ["--vm", "win11", "--vendor-id", "rand,omid"], "without commas" },
        { ["--vm", "win11", "--rom", "card.rom"], "is not absolute" },
        { ["--vm", "win11", "--rom", "/../../etc/shadow"], "climbs above the host's root" },
        { ["--vm", "win11", "--rom", "/var/lib/libvirt/vbios/card\0.rom"], "NUL" },
    };

    [Theory]
    [MemberData(nameof(BadVmOptions))]
    public async Task PlanVm_BadOption_UsageErrorSayingWhatIsAcceptedAndTheHostUnchanged(string[] options, string expected)
    {
        var before = PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_host.Path);

        var run = await PlanVm(options);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
        Assert.Empty(PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_host.Path).DifferencesFrom(before));
    }

    [Fact]
    public async Task Serve_AnAnswerTimeoutBelowOneSecond_IsAUsageErrorBeforeAnythingListens()
    {
        var run = await CliRun.RunAsync("serve", "--agent-answer-timeout", "0", "--root", _host.Path, "--data", _data.Path, "--urls", "http://127.0.0.1:0");

        Assert.True(run.ExitCode == ExitCodes.UsageError, run.ToString());
        Assert.Contains("--agent-answer-timeout 0", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("at least 1", run.StandardError, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadHostOptions => new()
    {
        { ["--gpu", "07:00"], "is not a PCI address" },
        { ["--gpu", "0000:07:00.8"], "is not a PCI address" },
        { ["--gpu", Gpu, "--extra", "quiet;reboot"], "is not an extra PassthroughWeb offers" },
        { ["--gpu", Gpu, "--steps", "host,reboot"], "'reboot' is not a step" },
    };

    [Theory]
    [MemberData(nameof(BadHostOptions))]
    public async Task PlanAndApply_BadOption_UsageErrorAndTheHostUnchanged(string[] options, string expected)
    {
        var before = PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_host.Path);
        string[] steps = options.Contains("--steps") ? [] : ["--steps", "host,isolate"];

        var plan = await CliRun.RunAsync(["plan", .. steps, .. options, "--root", _host.Path, "--data", _data.Path]);
        var apply = await CliRun.RunAsync(["apply", .. steps, .. options, "--yes", "--root", _host.Path, "--data", _data.Path]);

        foreach (var run in new[] { plan, apply })
        {
            Assert.True(run.ExitCode == ExitCodes.UsageError, run.ToString());
            Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        }
        Assert.Empty(PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_host.Path).DifferencesFrom(before));
    }

    /// <summary>Every file under the root with its SHA-256, and every symlink with its target.</summary>
}
