using PassthroughWeb.Cli;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Locking;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// An apply that died after writing /etc/default/grub (the process gone, its journal entry still "in progress") is put
/// back by whichever door opens the data directory next, and only when nobody is still working on it.
/// </summary>
public sealed class RecoveryOperationTests : IDisposable
{
    private const string HostName = "workstation";
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private string GrubPath => Path.Combine(_host.Path, "etc", "default", "grub");

    /// <summary>Stands for the process dying right there: nothing of the applier runs after it.</summary>
    private sealed class SimulatedCrashException() : Exception("simulated crash after a file was written");

    private async Task<(string Before, Guid SetId)> InterruptAnApplyAsync()
    {
        var before = await File.ReadAllTextAsync(GrubPath, Ct);
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var applier = new ChangeApplier(new HostRoot(_host.Path), new ProcessCommandRunner(), engine.Journal, TimeProvider.System,
            Path.Combine(_data.Path, "backups"), CommandPolicy.SystemRootOnly)
        {
            AfterFileWritten = _ => throw new SimulatedCrashException(),
        };
        var plan = new ChangePlan
        {
            Steps = ["host"],
            Summary = "IOMMU parameters",
            Files = [new FileChange { Path = "/etc/default/grub", Before = before, After = SampleWorkstation.GrubDefaults("quiet splash intel_iommu=on iommu=pt"), Reason = "step 2" }],
            Commands = [],
        };
        await Assert.ThrowsAsync<SimulatedCrashException>(() => applier.ApplyAsync(plan, HostName, "alice", Ct));
        Assert.NotEqual(before, await File.ReadAllTextAsync(GrubPath, Ct));
        var set = Assert.Single(await engine.Journal.FindIncompleteAsync(Ct));
        return (before, set.Id);
    }

    [Fact]
    public async Task RecoverInterrupted_ApplyLeftInProgress_PutsTheFileBackAndRecordsItInTheHistory()
    {
        var (before, setId) = await InterruptAnApplyAsync();
        Assert.True(EfChangeJournal.HasIncomplete(_data.Path));
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var recovered = Assert.Single(await engine.Recovery.RecoverInterruptedAsync(TestActors.Startup, Ct));

        Assert.Equal((setId, HostName, ChangeSetState.Interrupted), (recovered.ChangeSetId, recovered.Host, recovered.State));
        Assert.Equal(["/etc/default/grub"], recovered.RestoredFiles);
        Assert.Equal(before, await File.ReadAllTextAsync(GrubPath, Ct));
        Assert.False(EfChangeJournal.HasIncomplete(_data.Path));
        var entry = Assert.Single((await engine.History.HistoryAsync(HostName, Ct)).Events);
        Assert.Equal((StepHistoryStore.RecoveryEvent, setId), (entry.Kind, entry.ChangeSetId));
        Assert.Contains("/etc/default/grub", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverInterrupted_HostLockHeldByALivingChange_LeavesTheSetAlone()
    {
        var (_, setId) = await InterruptAnApplyAsync();
        var written = await File.ReadAllTextAsync(GrubPath, Ct);
        using var engine = await TestEngine.OpenAsync(_data.Path);
        var attempt = await engine.Get<HostChangeLock>().TryAcquireAsync(HostName, ChangeActivity.Apply("bob", ["host"]), Ct);
        Assert.True(attempt.Acquired);

        await using (attempt.Lease)
        {
            Assert.Empty(await engine.Recovery.RecoverInterruptedAsync(TestActors.Startup, Ct));
            Assert.Equal(written, await File.ReadAllTextAsync(GrubPath, Ct));
            Assert.Equal(ChangeSetState.InProgress, (await engine.Journal.GetAsync(setId, Ct))!.State);
        }

        Assert.Single(await engine.Recovery.RecoverInterruptedAsync(TestActors.Startup, Ct));
    }

    [Fact]
    public async Task RecoverInterrupted_NothingIncomplete_DoesNothing()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        Assert.Empty(await engine.Recovery.RecoverInterruptedAsync(TestActors.Startup, Ct));
        Assert.False(EfChangeJournal.HasIncomplete(_data.Path));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("plan")]
    [InlineData("token")]
    [InlineData("scan")]
    public async Task EveryVerbThatOpensTheDataDirectory_RecoversFirstAndSaysSoOnStderr(string verb)
    {
        var (before, setId) = await InterruptAnApplyAsync();
        string[] args = verb switch
        {
            "history" => ["history", "--root", _host.Path, "--json"],
            "plan" => ["plan", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host", "--root", _host.Path, "--json"],
            "token" => ["token", "list"],
            _ => ["scan", "--root", _host.Path, "--json"],
        };

        var run = await CliRun.RunAsync([.. args, "--data", _data.Path]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"Change set {setId} of {HostName} had been interrupted", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(setId.ToString(), run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(GrubPath, Ct));
        Assert.False(EfChangeJournal.HasIncomplete(_data.Path));
    }
}
