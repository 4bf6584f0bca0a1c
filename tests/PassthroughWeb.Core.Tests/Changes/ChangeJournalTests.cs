using System.Text;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

/// <summary>
/// The behaviour every <see cref="IChangeJournal"/> must have, run against each implementation (the in-memory one here,
/// the SQLite one in PassthroughWeb.Tests): the same rules, and the same crash recovery on top of them.
/// </summary>
public abstract class ChangeJournalTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty journal.</summary>
    protected abstract IChangeJournal CreateJournal();

    /// <summary>The same journal as a process started afresh would open it (for a database: a new connection).</summary>
    protected abstract IChangeJournal Reopen(IChangeJournal journal);

    private static ChangeSet NewSet(DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        Host = "host1",
        User = "alice",
        CreatedAt = at,
        Plan = ChangeFixture.Plan([new FileChange { Path = "/etc/x", Before = "a\n", After = "b\n", Reason = "test" }], ChangeFixture.Command("update-grub")),
        RootPath = "/tmp/root",
        Files = [new ChangedFile { Path = "/etc/x", Existed = true, BackupPath = "/tmp/b/00-x", Mode = (UnixFileMode)0b110_100_100, OwnerId = 0, GroupId = 0 }],
        State = ChangeSetState.InProgress,
    };

    [Fact]
    public async Task Journal_SetsThroughTheirLife_ListedNewestFirstAndOnlyUnfinishedFoundIncomplete()
    {
        var journal = CreateJournal();
        var first = NewSet(DateTimeOffset.UnixEpoch);
        var second = NewSet(DateTimeOffset.UnixEpoch.AddHours(1));
        await journal.BeginAsync(first, Ct);
        await journal.BeginAsync(second, Ct);
        await journal.RecordFileWrittenAsync(first.Id, "/etc/x", Ct);
        await journal.CompleteAsync(first.Id, ChangeSetState.Applied, null, DateTimeOffset.UnixEpoch, Ct);

        Assert.Equal([second.Id, first.Id], (await journal.ListAsync(Ct)).Select(s => s.Id));
        Assert.Equal([second.Id], (await journal.FindIncompleteAsync(Ct)).Select(s => s.Id));
        Assert.True((await journal.GetAsync(first.Id, Ct))!.Files[0].Written);
        Assert.Equal("--- a/etc/x\n+++ b/etc/x\n@@ -1 +1 @@\n-a\n+b\n", first.Diff);

        await journal.BeginRollbackAsync(first.Id, Ct);
        Assert.Equal(ChangeSetState.RollingBack, (await journal.GetAsync(first.Id, Ct))!.State);
        Assert.Equal(2, (await journal.FindIncompleteAsync(Ct)).Count);
        Assert.Null(await journal.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Journal_CompletedSet_RefusesFurtherRecords()
    {
        var journal = CreateJournal();
        var set = NewSet(DateTimeOffset.UnixEpoch);
        await journal.BeginAsync(set, Ct);
        await journal.CompleteAsync(set.Id, ChangeSetState.Failed, new ChangeError { Message = "x" }, DateTimeOffset.UnixEpoch, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RecordFileWrittenAsync(set.Id, "/etc/x", Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.BeginAsync(set, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.BeginRollbackAsync(set.Id, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RecordFileWrittenAsync(Guid.NewGuid(), "/etc/x", Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.CompleteAsync(set.Id, ChangeSetState.InProgress, null, DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task Journal_ReadBack_KeepsEveryDetailOfTheSet()
    {
        var journal = CreateJournal();
        var set = NewSet(DateTimeOffset.UnixEpoch.AddTicks(1234567));
        await journal.BeginAsync(set, Ct);
        var run = new CommandRun
        {
            Step = set.Plan.Commands[0],
            Phase = ChangePhase.Apply,
            Status = CommandStatus.Failed,
            Result = new PassthroughWeb.Core.Host.CommandResult(3, "out ünïcode\n", "err\n"),
            StartedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
            FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(2),
        };
        await journal.RecordCommandAsync(set.Id, run, Ct);
        var error = new ChangeError { Message = "`update-grub` failed", Command = "update-grub", ExitCode = 3, Details = ["one", "two"] };
        await journal.CompleteAsync(set.Id, ChangeSetState.Failed, error, DateTimeOffset.UnixEpoch.AddSeconds(3), Ct);

        var back = (await Reopen(journal).GetAsync(set.Id, Ct))!;

        Assert.Equal(set.CreatedAt, back.CreatedAt);
        Assert.Equal(ChangeSetState.Failed, back.State);
        Assert.Equal(set.Plan.Files, back.Plan.Files);
        Assert.Equal(set.Plan.Steps, back.Plan.Steps);
        Assert.Equal(set.Files[0] with { CreatedDirectories = [] }, back.Files[0] with { CreatedDirectories = [] });
        var command = Assert.Single(back.Commands);
        Assert.Equal(run.Step.Command.Display, command.Step.Command.Display);
        Assert.Equal(run.Result, command.Result);
        Assert.Equal(run.Status, command.Status);
        Assert.Equal(error.Message, back.Error!.Message);
        Assert.Equal(error.Details, back.Error.Details);
        Assert.Equal(3, back.Error.ExitCode);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(3), back.CompletedAt);
    }

    [Fact]
    public async Task Recovery_CrashAfterTheFirstWrite_FoundAfterReopeningAndEveryFilePutBack()
    {
        var journal = CreateJournal();
        using var fixture = new ChangeFixture(journal);
        var grub = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
        fixture.WriteBytes("etc/default/grub", grub);
        var plan = ChangeFixture.Plan([
            fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal)),
            new FileChange { Path = "/etc/modprobe.d/vfio.conf", Before = null, After = "softdep amdgpu pre: vfio-pci\n", Reason = "test" },
        ], ChangeFixture.Command("update-grub"));
        var applier = fixture.Applier(afterFileWritten: f => f.Path == "/etc/default/grub" ? throw new IOException("simulated crash") : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => applier.ApplyAsync(plan, "host1", "alice", Ct));
        Assert.NotEqual(grub, fixture.ReadBytes("etc/default/grub"));

        var reopened = Reopen(journal);
        var results = await new InterruptedChangeRecovery(fixture.Runner, reopened, TimeProvider.System).RecoverAsync(Ct);

        var result = Assert.Single(results);
        Assert.Equal(ChangeSetState.Interrupted, result.State);
        Assert.Equal(["/etc/default/grub"], result.RestoredFiles);
        Assert.Equal(grub, fixture.ReadBytes("etc/default/grub"));
        Assert.Null(fixture.ReadBytes("etc/modprobe.d/vfio.conf"));
        var set = (await reopened.GetAsync(result.ChangeSetId, Ct))!;
        Assert.Equal(ChangeSetState.Interrupted, set.State);
        Assert.Equal([(ChangePhase.Undo, CommandStatus.Skipped)], set.Commands.Select(c => (c.Phase, c.Status)));
        Assert.Empty(await reopened.FindIncompleteAsync(Ct));
    }
}
