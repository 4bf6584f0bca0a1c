using System.Diagnostics;
using PassthroughWeb.Services.Locking;

namespace PassthroughWeb.Tests.Services.Locking;

/// <summary>
/// One change set per host at a time, whoever asks: another thread of the web app, another process on the same data
/// directory (util-linux flock stands in for it, taking the same kernel lock), or a process that died holding it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostChangeLockTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 6, 22, 41, 7, TimeSpan.Zero);
    private static readonly Guid ChangeSet = Guid.Parse("3f2a9c1e-5b7d-4e8f-9a01-c2d3e4f5a6b7");
    private readonly string _data = Directory.CreateTempSubdirectory("host-lock-").FullName;
    private readonly AdjustableTime _time = new(Evening);
    private readonly List<Process> _children = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            child.WaitForExit();
            child.Dispose();
        }
        Directory.Delete(_data, recursive: true);
    }

    private sealed class AdjustableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private HostChangeLock Lock() => new(_data, _time);

    private static ChangeActivity AliceApplies => ChangeActivity.Apply("alice", ["host", "isolate"]);

    /// <summary>
    /// Starts <c>flock -n -o FILE cat</c> and returns once flock holds the lock (cat echoes a line only after flock ran
    /// it). With <c>-o</c> only flock itself holds the lock, not cat: the lock ends exactly when that one process does.
    /// </summary>
    private async Task<Process> HoldWithFlockAsync(string lockPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var start = new ProcessStartInfo("flock") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", "-o", lockPath, "cat" }) start.ArgumentList.Add(argument);
        var child = Process.Start(start)!;
        _children.Add(child);
        await child.StandardInput.WriteLineAsync("holding".AsMemory(), Ct);
        await child.StandardInput.FlushAsync(Ct);
        Assert.Equal("holding", await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        return child;
    }

    /// <summary>What <c>flock -n FILE true</c> exits with: 0 when it could take the lock, 1 when someone holds it.</summary>
    private static async Task<int> FlockExitCodeAsync(string lockPath)
    {
        var start = new ProcessStartInfo("flock") { UseShellExecute = false };
        foreach (var argument in new[] { "-n", lockPath, "true" }) start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return child.ExitCode;
    }

    [Fact]
    public async Task SecondChange_InTheSameProcess_IsToldWhoAndWhatIsRunning()
    {
        await using var first = (await Lock().TryAcquireAsync("workstation", AliceApplies, Ct)).Lease;
        Assert.NotNull(first);
        await first.RecordChangeSetAsync(ChangeSet, Ct);
        _time.Now = Evening.AddMinutes(2);

        var second = await Lock().TryAcquireAsync("workstation", ChangeActivity.Rollback("bob", Guid.NewGuid()), Ct);

        Assert.False(second.Acquired);
        Assert.Equal(
            "workstation is busy: alice is applying steps host,isolate (change set 3f2a9c1e-5b7d-4e8f-9a01-c2d3e4f5a6b7) since 22:41:07 UTC; wait for it to finish",
            second.Busy.Message);
        Assert.Equal(Environment.ProcessId, second.Busy.Holder?.ProcessId);
        Assert.Equal(ChangeSet, second.Busy.Holder?.ChangeSetId);
    }

    [Fact]
    public async Task Busy_SinceAnEarlierDay_NamesTheDate()
    {
        await using var first = (await Lock().TryAcquireAsync("workstation", ChangeActivity.Rehearsal("alice", ["host", "isolate"]), Ct)).Lease;
        _time.Now = Evening.AddHours(2);

        var second = await Lock().TryAcquireAsync("workstation", AliceApplies, Ct);

        Assert.Equal("workstation is busy: alice is rehearsing steps host,isolate since 2026-12-06 22:41:07 UTC; wait for it to finish", second.Busy?.Message);
    }

    [Fact]
    public async Task Rollback_NamesItsChangeSetOnce()
    {
        await using var first = (await Lock().TryAcquireAsync("workstation", ChangeActivity.Rollback("alice", ChangeSet), Ct)).Lease;

        var second = await Lock().TryAcquireAsync("workstation", AliceApplies, Ct);

        Assert.Equal("workstation is busy: alice is rolling back change set 3f2a9c1e-5b7d-4e8f-9a01-c2d3e4f5a6b7 since 22:41:07 UTC; wait for it to finish", second.Busy?.Message);
    }

    [Fact]
    public async Task Released_TheNextChangeMayStart_AndTheHolderNoteIsGone()
    {
        var locks = Lock();
        var first = await locks.TryAcquireAsync("workstation", AliceApplies, Ct);
        Assert.True(first.Acquired);
        Assert.True(File.Exists(Path.Combine(locks.Directory, "workstation.holder.json")));

        await first.Lease.DisposeAsync();

        Assert.False(File.Exists(Path.Combine(locks.Directory, "workstation.holder.json")));
        await using var second = (await locks.TryAcquireAsync("workstation", ChangeActivity.VmChange("bob", "win11"), Ct)).Lease;
        Assert.NotNull(second);
        Assert.Equal("changing the VM win11", second.Holder.Activity);
    }

    [Fact]
    public async Task OtherHost_IsNotBlocked()
    {
        await using var workstation = (await Lock().TryAcquireAsync("workstation", AliceApplies, Ct)).Lease;

        await using var server = (await Lock().TryAcquireAsync("server2", AliceApplies, Ct)).Lease;

        Assert.NotNull(workstation);
        Assert.NotNull(server);
    }

    [Fact]
    public async Task ManyThreadsAtOnce_ExactlyOneHoldsTheLock()
    {
        using var start = new Barrier(8);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.SignalAndWait(Ct);
            return Lock().TryAcquireAsync("workstation", ChangeActivity.Apply($"user{i}", ["host"]), Ct);
        }, Ct)));

        try
        {
            Assert.Single(attempts, a => a.Acquired);
            Assert.All(attempts.Where(a => !a.Acquired), a => Assert.StartsWith("workstation is busy: ", a.Busy!.Message, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var attempt in attempts) attempt.Lease?.Dispose();
        }
    }

    [Fact]
    public async Task HeldByAnotherProcess_IsRefused_AndFreeOnceThatProcessEnds()
    {
        var locks = Lock();
        var holder = await HoldWithFlockAsync(locks.LockPathOf("workstation"));

        var refused = await locks.TryAcquireAsync("workstation", AliceApplies, Ct);

        Assert.False(refused.Acquired);
        Assert.Null(refused.Busy.Holder);
        Assert.Equal($"workstation is busy: another process holds its change lock ({locks.LockPathOf("workstation")}); wait for it to finish", refused.Busy.Message);

        holder.StandardInput.Close();
        await holder.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await using var lease = (await locks.TryAcquireAsync("workstation", AliceApplies, Ct)).Lease;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task Lease_IsTheKernelLockOtherProcessesSee()
    {
        var locks = Lock();
        var attempt = await locks.TryAcquireAsync("workstation", AliceApplies, Ct);

        Assert.Equal(1, await FlockExitCodeAsync(locks.LockPathOf("workstation")));
        attempt.Lease!.Dispose();
        Assert.Equal(0, await FlockExitCodeAsync(locks.LockPathOf("workstation")));
    }

    [Fact]
    public async Task KilledHolder_ReleasesTheLock()
    {
        var locks = Lock();
        var holder = await HoldWithFlockAsync(locks.LockPathOf("workstation"));
        Assert.False((await locks.TryAcquireAsync("workstation", AliceApplies, Ct)).Acquired);

        holder.Kill();
        await holder.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await using var lease = (await locks.TryAcquireAsync("workstation", AliceApplies, Ct)).Lease;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task NoteLeftByADeadHolder_IsNotBlamedForTheLocksNextHolder()
    {
        var locks = Lock();
        var dead = await HoldWithFlockAsync(Path.Combine(_data, "elsewhere.lock"));
        var deadId = dead.Id;
        dead.Kill(entireProcessTree: true);
        await dead.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Directory.CreateDirectory(locks.Directory);
        await File.WriteAllTextAsync(Path.Combine(locks.Directory, "workstation.holder.json"),
            $$"""{"host":"workstation","activity":"applying steps host","user":"mallory","processId":{{deadId}},"since":"2026-12-06T20:00:00+00:00"}""", Ct);
        await HoldWithFlockAsync(locks.LockPathOf("workstation"));

        var refused = await locks.TryAcquireAsync("workstation", AliceApplies, Ct);

        Assert.Null(refused.Busy?.Holder);
        Assert.DoesNotContain("mallory", refused.Busy?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/cron.d/evil")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("/etc/passwd")]
    public async Task HostName_NeverEscapesTheLocksDirectory(string host)
    {
        var locks = Lock();

        await using var lease = (await locks.TryAcquireAsync(host, AliceApplies, Ct)).Lease;

        Assert.NotNull(lease);
        Assert.Equal(locks.Directory, Path.GetDirectoryName(locks.LockPathOf(host)));
        Assert.All(Directory.GetFileSystemEntries(_data, "*", SearchOption.AllDirectories), entry =>
            Assert.True(entry == locks.Directory || Path.GetDirectoryName(entry) == locks.Directory, entry));
    }

    [Fact]
    public void HostNames_ThatDiffer_NeverShareALockFile()
    {
        var locks = Lock();
        string[] hosts = ["workstation", "workstation.lan", "Workstation", "a/b", "a%2Fb", "a_b", ".hidden", "%2Ehidden", "hôte", new string('h', 300), new string('h', 301)];

        Assert.Equal(hosts.Length, hosts.Select(locks.LockPathOf).Distinct(StringComparer.Ordinal).Count());
        Assert.All(hosts, h => Assert.True(Path.GetFileName(locks.LockPathOf(h)).Length < 200, h));
        Assert.Equal("workstation.lan.lock", Path.GetFileName(locks.LockPathOf("workstation.lan")));
    }

    [Fact]
    public async Task LockFiles_AreTheAppsAlone()
    {
        var locks = Lock();
        await using var lease = (await locks.TryAcquireAsync("workstation", AliceApplies, Ct)).Lease;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(locks.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(locks.LockPathOf("workstation")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(locks.Directory, "workstation.holder.json")));
    }
}
