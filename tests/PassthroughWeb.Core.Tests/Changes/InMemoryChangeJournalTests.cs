using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class InMemoryChangeJournalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChangeSet NewSet(DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        Host = "host1",
        User = "alice",
        CreatedAt = at,
        Plan = ChangeFixture.Plan([new FileChange { Path = "/etc/x", Before = "a\n", After = "b\n", Reason = "test" }]),
        RootPath = "/tmp/root",
        Files = [new ChangedFile { Path = "/etc/x", Existed = true, BackupPath = "/tmp/b/00-x", Mode = (UnixFileMode)0b110_100_100, OwnerId = 0, GroupId = 0 }],
        State = ChangeSetState.InProgress,
    };

    [Fact]
    public async Task Journal_SetsThroughTheirLife_ListedNewestFirstAndOnlyUnfinishedFoundIncomplete()
    {
        var journal = new InMemoryChangeJournal();
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
    }

    [Fact]
    public async Task Journal_CompletedSet_RefusesFurtherRecords()
    {
        var journal = new InMemoryChangeJournal();
        var set = NewSet(DateTimeOffset.UnixEpoch);
        await journal.BeginAsync(set, Ct);
        await journal.CompleteAsync(set.Id, ChangeSetState.Failed, new ChangeError { Message = "x" }, DateTimeOffset.UnixEpoch, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RecordFileWrittenAsync(set.Id, "/etc/x", Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.BeginAsync(set, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.BeginRollbackAsync(set.Id, Ct));
    }
}
