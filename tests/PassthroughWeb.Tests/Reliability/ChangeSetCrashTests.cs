using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Testing;
using PassthroughWeb.Data;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// The real executable, killed with SIGKILL in the middle of applying steps 2+3 to a copy of the guide's workstation,
/// of rolling them back, and of migrating a new database: at every named crash point and at random moments. Right after
/// each kill no file of the host is half-written; after the next verb (which recovers first) the host is wholly the
/// old one or wholly the new one, and the history says which.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChangeSetCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly CrashWorkspace _workspace = new();
    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("PASSTHROUGHWEB_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
        ? seed : Environment.TickCount;

    public void Dispose() => _workspace.Dispose();

    private static string[] Apply(Trial trial) => ["apply", "--gpu", Gpu, "--steps", "host,isolate", "--root", trial.Root, "--data", trial.Data, "--yes"];

    /// <summary>The change run once to its end on a trial of its own: the new host, what the set wrote and ran, and how long it took.</summary>
    private async Task<(TreeSnapshot New, string[] Files, int Commands, TimeSpan Took, string Id)> ReferenceAsync()
    {
        var trial = await _workspace.NewTrialAsync();
        var clock = Stopwatch.StartNew();
        var applied = await CliProcess.RunAsync(Apply(trial));
        var took = clock.Elapsed;
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var history = await CliProcess.RunAsync("history", "--root", trial.Root, "--data", trial.Data, "--json");
        var set = JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("changeSets")[0];
        var files = set.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();
        var commands = set.GetProperty("commands").GetArrayLength();
        Assert.NotEmpty(files);
        return (TreeSnapshot.Take(trial.Root), files, commands, took, set.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task ApplySteps2And3_KilledAtEveryPointAndAtRandom_HostIsWhollyOldOrNewAndHistorySaysWhich()
    {
        var reference = await ReferenceAsync();
        var kills = new List<KillAt> { KillAt.Named(CrashPoints.BackedUp, 1, HostState.Old), KillAt.Named(CrashPoints.Journaled, 1, HostState.Old) };
        for (var i = 1; i <= reference.Files.Length; i++)
        {
            kills.Add(KillAt.Named(CrashPoints.TemporaryWritten, i, HostState.Old));
            kills.Add(KillAt.Named(CrashPoints.FileWritten, i, HostState.Old));
            kills.Add(KillAt.Named(CrashPoints.FileJournaled, i, HostState.Old));
        }
        for (var i = 1; i <= reference.Commands; i++)
        {
            kills.Add(KillAt.Named(CrashPoints.CommandStarting, i, HostState.Old));
            kills.Add(KillAt.Named(CrashPoints.CommandEnded, i, HostState.Old));
        }
        kills.Add(KillAt.Named(CrashPoints.Completing, 1, HostState.Old));
        kills.Add(KillAt.Named(CrashPoints.HistoryRecording, 1, HostState.New));
        var named = kills.Count;
        kills.AddRange(RandomKills(CrashWorkspace.RandomKills(Math.Max(10, 50 - named)), reference.Took));

        var problems = await CrashWorkspace.RunAllAsync(kills, async kill =>
        {
            var trial = await _workspace.NewTrialAsync();
            return await KillAndJudgeAsync(kill, trial, Apply(trial), _workspace.Old, reference.New, from: HostState.Old, setId: null,
                recoveryNeeded: kill.Point is not null && kill.Point != CrashPoints.BackedUp && kill.Expected == HostState.Old);
        });

        Report(kills, problems);
    }

    [Fact]
    public async Task RollbackOfSteps2And3_KilledAtEveryPointAndAtRandom_HostIsWhollyOldOrNewAndHistorySaysWhich()
    {
        var reference = await ReferenceAsync();
        var restoredByCopy = reference.Files.Count(f => _workspace.Old.Files.ContainsKey(f.TrimStart('/')));
        var kills = new List<KillAt> { KillAt.Named(CrashPoints.RollbackBegun, 1, HostState.Old) };
        for (var i = 1; i <= restoredByCopy; i++) kills.Add(KillAt.Named(CrashPoints.TemporaryWritten, i, HostState.Old));
        for (var i = 1; i <= reference.Files.Length; i++) kills.Add(KillAt.Named(CrashPoints.FileRestored, i, HostState.Old));
        for (var i = 1; i <= reference.Commands; i++)
        {
            kills.Add(KillAt.Named(CrashPoints.CommandStarting, i, HostState.Old));
            kills.Add(KillAt.Named(CrashPoints.CommandEnded, i, HostState.Old));
        }
        kills.Add(KillAt.Named(CrashPoints.RollbackCompleting, 1, HostState.Old));
        var named = kills.Count;
        kills.AddRange(RandomKills(CrashWorkspace.RandomKills(Math.Max(4, 20 - named)), reference.Took));

        var problems = await CrashWorkspace.RunAllAsync(kills, async kill =>
        {
            var trial = await _workspace.NewTrialAsync();
            var applied = await CliProcess.RunAsync(Apply(trial));
            if (applied.ExitCode != 0) return $"{kill}: the apply before the rollback failed: {applied}";
            var id = applied.StandardOutput.Trim();
            // Rolling back goes from the new host to the old one.
            return await KillAndJudgeAsync(kill, trial, ["rollback", id, "--data", trial.Data], reference.New, _workspace.Old, from: HostState.New, setId: id,
                recoveryNeeded: kill.Point is not null);
        });

        Report(kills, problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_KilledWhileMigratingTheDatabase_NextVerbDoesNotHangAndFindsItMigrated(bool olderDatabase)
    {
        var probe = await NewMigrationTrialAsync(olderDatabase);
        var clock = Stopwatch.StartNew();
        var first = await CliProcess.RunAsync("history", "--root", probe.Root, "--data", probe.Data, "--json");
        var took = clock.Elapsed;
        Assert.True(first.ExitCode == 0, first.ToString());
        var kills = new List<KillAt> { KillAt.Named(CrashPoints.MigrationStarting, 1, HostState.Old) };
        // Only EF Core's Migrate takes its lock row; a new database is made from the SQL script in one go.
        if (olderDatabase) kills.Add(KillAt.Named(CrashPoints.MigrationLocked, 1, HostState.Old));
        kills.Add(KillAt.Named(CrashPoints.MigrationDone, 1, HostState.Old));
        kills.AddRange(RandomKills(CrashWorkspace.RandomKills(7), took));

        var problems = await CrashWorkspace.RunAllAsync(kills, async kill =>
        {
            var trial = await NewMigrationTrialAsync(olderDatabase);
            if (await CrashWorkspace.KillAsync(kill, "history", "--root", trial.Root, "--data", trial.Data, "--json") is { } notKilled)
            {
                if (kill.Point is not null) return $"{kill}: {notKilled}";
                Interlocked.Increment(ref _missed);
            }
            var (history, problem) = await CrashWorkspace.HistoryAfterKillAsync(trial);
            if (history is null) return $"{kill}: {problem}";
            return PassthroughDatabase.HasPendingMigrations(trial.Data) ? $"{kill}: the next verb left migrations pending" : "";
        });

        Report(kills, problems);
    }

    /// <summary>
    /// A trial whose data directory does not exist yet, or holds a database an older version made: only the first
    /// migration of the SQL script applied, the way EF Core leaves it (the next start must run EF Core's Migrate on it).
    /// </summary>
    private async Task<Trial> NewMigrationTrialAsync(bool olderDatabase)
    {
        var trial = await _workspace.NewTrialAsync(migrated: false);
        if (!olderDatabase) return trial;
        var script = DatabaseSchemaScript.Text;
        var firstMigration = script[..(script.IndexOf("COMMIT;", StringComparison.Ordinal) + "COMMIT;".Length)];
        PassthroughDatabase.EnsureDirectory(trial.Data);
        using var connection = new SqliteConnection(PassthroughDatabase.ConnectionStringFor(trial.Data));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = firstMigration;
        command.ExecuteNonQuery();
        Assert.True(PassthroughDatabase.HasPendingMigrations(trial.Data));
        return trial;
    }

    private int _missed;

    /// <summary>
    /// Kills the verb, checks that no file is half-written, runs the next verb, and checks that the host is wholly
    /// <paramref name="from"/> or the other state and that the history agrees. Returns what was wrong ("" when nothing).
    /// </summary>
    private async Task<string> KillAndJudgeAsync(KillAt kill, Trial trial, string[] verb, TreeSnapshot before, TreeSnapshot after, HostState from, string? setId, bool recoveryNeeded)
    {
        var old = from == HostState.Old ? before : after;
        var @new = from == HostState.Old ? after : before;
        if (await CrashWorkspace.KillAsync(kill, verb) is { } notKilled)
        {
            if (kill.Point is not null) return $"{kill}: {notKilled}";
            Interlocked.Increment(ref _missed);
        }
        var problems = new List<string>(CrashWorkspace.HalfWritten(TreeSnapshot.Take(trial.Root), old, @new));
        var (history, problem) = await CrashWorkspace.HistoryAfterKillAsync(trial);
        if (history is null) return $"{kill}: {problem}";
        var now = TreeSnapshot.Take(trial.Root);
        var oldDifferences = now.DifferencesFrom(old);
        var newDifferences = now.DifferencesFrom(@new);
        HostState? state = oldDifferences.Count == 0 ? HostState.Old : newDifferences.Count == 0 ? HostState.New : null;
        if (state is null)
        {
            problems.Add($"after recovery the host is neither the old one ({string.Join("; ", oldDifferences)}) nor the new one ({string.Join("; ", newDifferences)})");
        }
        else
        {
            if (kill.Expected is { } expected && state != expected) problems.Add($"after recovery the host is the {state} one, not the {expected} one");
            problems.AddRange(HistoryVerdict.Check(history.Value, state.Value, setId, recoveryNeeded));
        }
        return problems.Count == 0 ? "" : $"{kill}: {string.Join("; ", problems)}";
    }

    /// <summary>Kills at moments spread over a run that took <paramref name="took"/> once (start-up included), from this test's seed.</summary>
    private List<KillAt> RandomKills(int count, TimeSpan took)
    {
        var random = new Random(_seed);
        return Enumerable.Range(0, count).Select(_ => KillAt.After(took * (0.05 + (random.NextDouble() * 0.8)))).ToList();
    }

    private void Report(List<KillAt> kills, IReadOnlyList<string> problems)
    {
        var killed = kills.Count - _missed;
        output.WriteLine($"{kills.Count} runs, {killed} killed ({kills.Count(k => k.Point is not null)} at named points, {killed - kills.Count(k => k.Point is not null)} at random moments, seed {_seed}); {_missed} ended before their timed kill.");
        var failed = problems.Where(p => p.Length > 0).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {kills.Count} kills went wrong (seed {_seed}, PASSTHROUGHWEB_CRASH_SEED to repeat):\n" + string.Join("\n", failed));
    }
}
