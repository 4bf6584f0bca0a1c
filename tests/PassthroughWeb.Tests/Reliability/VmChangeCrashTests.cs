using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Testing;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// The real executable, killed with SIGKILL in the middle of step 4 on the real libvirtd (a connection named with
/// --connect, so the copy of the host does reach it): before and after <c>virsh define</c>, around every command, and at
/// random moments. After the next verb the VM holds exactly its old definition or the new one, and the history says which.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VmChangeCrashTests(LibvirtDaemon daemon, ITestOutputHelper output) : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly CrashWorkspace _workspace = new();
    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("PASSTHROUGHWEB_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
        ? seed : Environment.TickCount;
    private int _missed;

    public void Dispose() => _workspace.Dispose();

    private static string[] Apply(Trial trial, TestDomain domain) =>
        ["apply", "--steps", "vm", "--vm", domain.Name, "--gpu", Gpu, "--connect", LibvirtDaemon.Uri, "--root", trial.Root, "--data", trial.Data, "--yes"];

    [Fact]
    public async Task ApplyStep4_KilledAroundDefineAndAtRandom_VmIsWhollyOldOrNewAndHistorySaysWhich()
    {
        daemon.Require();
        var reference = await _workspace.NewTrialAsync();
        int commands;
        TimeSpan took;
        await using (var domain = await TestDomain.DefineAsync(daemon, "crash-ref"))
        {
            var clock = Stopwatch.StartNew();
            var applied = await CliProcess.RunAsync(Apply(reference, domain));
            took = clock.Elapsed;
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);
            var history = await CliProcess.RunAsync("history", "--root", reference.Root, "--data", reference.Data, "--json");
            commands = JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("changeSets")[0].GetProperty("commands").GetArrayLength();
        }
        var kills = new List<KillAt>
        {
            KillAt.Named(CrashPoints.BackedUp, 1, HostState.Old),
            KillAt.Named(CrashPoints.Journaled, 1, HostState.Old),
            KillAt.Named(CrashPoints.DomainDefining, 1, HostState.Old),
            KillAt.Named(CrashPoints.DomainDefined, 1, HostState.Old),
            KillAt.Named(CrashPoints.Completing, 1, HostState.Old),
        };
        for (var i = 1; i <= commands; i++)
        {
            kills.Add(KillAt.Named(CrashPoints.CommandStarting, i, HostState.Old));
            kills.Add(KillAt.Named(CrashPoints.CommandEnded, i, HostState.Old));
        }
        var random = new Random(_seed);
        kills.AddRange(Enumerable.Range(0, CrashWorkspace.RandomKills(Math.Max(5, 15 - kills.Count))).Select(_ => KillAt.After(took * (0.05 + (random.NextDouble() * 0.8)))));

        var problems = await CrashWorkspace.RunAllAsync(kills, async kill =>
        {
            var trial = await _workspace.NewTrialAsync();
            await using var domain = await TestDomain.DefineAsync(daemon, "crash");
            var before = await domain.InactiveXmlAsync();
            if (await CrashWorkspace.KillAsync(kill, Apply(trial, domain)) is { } notKilled)
            {
                if (kill.Point is not null) return $"{kill}: {notKilled}";
                Interlocked.Increment(ref _missed);
            }
            var (history, problem) = await CrashWorkspace.HistoryAfterKillAsync(trial);
            if (history is null) return $"{kill}: {problem}";
            var now = await domain.InactiveXmlAsync();
            HostState? state = now == before ? HostState.Old : now.Contains("<hostdev", StringComparison.Ordinal) ? HostState.New : null;
            var problems = new List<string>();
            if (TreeSnapshot.Take(trial.Root).DifferencesFrom(_workspace.Old) is { Count: > 0 } touched)
                problems.Add($"the host root changed: {string.Join("; ", touched)}");
            if (state is null)
            {
                problems.Add($"the VM holds neither its old definition nor the new one:\n{now}");
            }
            else
            {
                if (kill.Expected is { } expected && state != expected) problems.Add($"after recovery the VM is the {state} one, not the {expected} one");
                problems.AddRange(HistoryVerdict.Check(history.Value, state.Value, setId: null,
                    recoveryNeeded: kill.Point is not null && kill.Point != CrashPoints.BackedUp));
            }
            return problems.Count == 0 ? "" : $"{kill}: {string.Join("; ", problems)}";
        });

        var killed = kills.Count - _missed;
        output.WriteLine($"{kills.Count} runs, {killed} killed ({kills.Count(k => k.Point is not null)} at named points, seed {_seed}); {_missed} ended before their timed kill.");
        var failed = problems.Where(p => p.Length > 0).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {kills.Count} kills went wrong (seed {_seed}, PASSTHROUGHWEB_CRASH_SEED to repeat):\n" + string.Join("\n", failed));
    }
}
