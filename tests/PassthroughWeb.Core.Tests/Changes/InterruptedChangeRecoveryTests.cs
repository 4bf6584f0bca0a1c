using System.Text;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class InterruptedChangeRecoveryTests : IDisposable
{
    private static readonly byte[] Grub = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"");
    private static readonly byte[] Entry = Encoding.UTF8.GetBytes("title Debian\r\noptions root=UUID=1 ro\r\n");
    private readonly ChangeFixture _fixture = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    /// <summary>Stands for the process dying right there: nothing of the applier runs after it.</summary>
    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException() : base("simulated crash after a file was written")
        {
        }
    }

    private ChangePlan ThreeFilePlan() => ChangeFixture.Plan([
        _fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal)),
        _fixture.Change("/boot/loader/entries/debian.conf", t => t.Replace("ro\r\n", "ro iommu=pt\r\n", StringComparison.Ordinal)),
        new FileChange { Path = "/etc/kernel/cmdline", Before = null, After = "root=UUID=1 ro iommu=pt\n", Reason = "test" },
    ], ChangeFixture.Command("update-grub"));

    [Fact]
    public async Task Recover_CrashAfterTwoOfThreeWrites_PutsBackTheWrittenFilesAndMarksInterrupted()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        _fixture.WriteBytes("boot/loader/entries/debian.conf", Entry);
        var writes = 0;
        var applier = _fixture.Applier(afterFileWritten: _ => ++writes == 2 ? throw new SimulatedCrashException() : Task.CompletedTask);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => applier.ApplyAsync(ThreeFilePlan(), "host1", "alice", Ct));

        Assert.NotEqual(Grub, _fixture.ReadBytes("etc/default/grub"));
        Assert.NotEqual(Entry, _fixture.ReadBytes("boot/loader/entries/debian.conf"));
        var incomplete = Assert.Single(await _fixture.Journal.FindIncompleteAsync(Ct));

        var results = await _fixture.Recovery().RecoverAsync(Ct);

        var result = Assert.Single(results);
        Assert.Equal(incomplete.Id, result.ChangeSetId);
        Assert.Equal(ChangeSetState.Interrupted, result.State);
        Assert.Null(result.Error);
        Assert.Equal(["/boot/loader/entries/debian.conf", "/etc/default/grub"], result.RestoredFiles);
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(Entry, _fixture.ReadBytes("boot/loader/entries/debian.conf"));
        Assert.False(File.Exists(_fixture.MachinePath("etc/kernel/cmdline")));
        var set = await _fixture.Journal.GetAsync(incomplete.Id, Ct);
        Assert.Equal(ChangeSetState.Interrupted, set!.State);
        Assert.Contains("interrupted", set.Error!.Message, StringComparison.Ordinal);
        Assert.Equal([(ChangePhase.Undo, CommandStatus.Skipped)], set.Commands.Select(c => (c.Phase, c.Status)));
        Assert.Empty(await _fixture.Journal.FindIncompleteAsync(Ct));
    }

    [Fact]
    public async Task Recover_CrashAfterTheCreatedFile_RemovesItAndTheDirectoryMadeForIt()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        _fixture.WriteBytes("boot/loader/entries/debian.conf", Entry);
        var applier = _fixture.Applier(afterFileWritten: f => f.Path == "/etc/kernel/cmdline" ? throw new SimulatedCrashException() : Task.CompletedTask);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => applier.ApplyAsync(ThreeFilePlan(), "host1", "alice", Ct));
        Assert.True(File.Exists(_fixture.MachinePath("etc/kernel/cmdline")));

        var result = Assert.Single(await _fixture.Recovery().RecoverAsync(Ct));

        Assert.Equal(3, result.RestoredFiles.Count);
        Assert.False(Directory.Exists(_fixture.MachinePath("etc/kernel")));
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(Entry, _fixture.ReadBytes("boot/loader/entries/debian.conf"));
    }

    [Fact]
    public async Task Recover_FileEditedAfterTheCrash_LeftAsItIsAndReported()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        _fixture.WriteBytes("boot/loader/entries/debian.conf", Entry);
        var applier = _fixture.Applier(afterFileWritten: _ => throw new SimulatedCrashException());
        await Assert.ThrowsAsync<SimulatedCrashException>(() => applier.ApplyAsync(ThreeFilePlan(), "host1", "alice", Ct));
        var edited = "GRUB_DEFAULT=1\n"u8.ToArray();
        _fixture.WriteBytes("etc/default/grub", edited);

        var result = Assert.Single(await _fixture.Recovery().RecoverAsync(Ct));

        Assert.Empty(result.RestoredFiles);
        Assert.Contains("/etc/default/grub holds neither", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(edited, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(Entry, _fixture.ReadBytes("boot/loader/entries/debian.conf"));
        Assert.Equal(ChangeSetState.Interrupted, (await _fixture.Journal.GetAsync(result.ChangeSetId, Ct))!.State);
    }

    [Fact]
    public async Task Recover_NothingIncomplete_DoesNothing()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "\n")]), "host1", "alice", Ct);

        Assert.Empty(await _fixture.Recovery().RecoverAsync(Ct));
        Assert.Equal((byte[])[.. Grub, (byte)'\n'], _fixture.ReadBytes("etc/default/grub"));
    }
}
