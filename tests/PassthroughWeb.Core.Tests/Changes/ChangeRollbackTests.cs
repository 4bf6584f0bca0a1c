using System.Text;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class ChangeRollbackTests : IDisposable
{
    private static readonly byte[] Grub = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
    private readonly ChangeFixture _fixture = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Rollback_FileEditedSinceApply_RefusedUnlessForced()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var applied = await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "GRUB_TIMEOUT=1\n")]), "host1", "alice", Ct);
        var edited = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_TIMEOUT=1\n# mine\n");
        _fixture.WriteBytes("etc/default/grub", edited);

        var refused = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.Refused, refused.Outcome);
        Assert.Contains("/etc/default/grub changed since this change set wrote it", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(edited, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(ChangeSetState.Applied, (await _fixture.Journal.GetAsync(applied.ChangeSetId.Value, Ct))!.State);

        var forced = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId.Value, force: true, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, forced.Outcome);
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Rollback_RegenerationCommand_RunsAgainOnTheRestoredFiles()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var generated = Path.Combine(_fixture.Outside, "grub.cfg");
        var regenerate = ChangeFixture.Command("cp", _fixture.MachinePath("etc/default/grub"), generated);
        var applied = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(
            ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal))], regenerate), "host1", "alice", Ct);
        Assert.Contains("iommu=pt", File.ReadAllText(generated), StringComparison.Ordinal);

        var result = await _fixture.Rollback(CommandPolicy.Always).RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, result.Outcome);
        Assert.Equal(Grub, File.ReadAllBytes(generated));
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId.Value, Ct);
        Assert.Equal([ChangePhase.Apply, ChangePhase.Rollback], set!.Commands.Select(c => c.Phase));
        Assert.Equal(ChangeSetState.RolledBack, set.State);
    }

    [Fact]
    public async Task Rollback_RootIsACopy_CommandsSkipped()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var marker = Path.Combine(_fixture.Outside, "ran");
        var applied = await _fixture.Applier().ApplyAsync(
            ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "#\n")], ChangeFixture.Command("touch", marker)), "host1", "alice", Ct);

        var result = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, result.Outcome);
        Assert.True(result.CommandsSkipped);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Rollback_SetThatFailed_RefusedBecauseItsFilesAreAlreadyBack()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var failed = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(
            ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "#\n")], ChangeFixture.Command("false")), "host1", "alice", Ct);
        Assert.Equal(ApplyOutcome.Failed, failed.Outcome);

        var result = await _fixture.Rollback().RollbackAsync(failed.ChangeSetId!.Value, force: true, Ct);

        Assert.Equal(RollbackOutcome.Refused, result.Outcome);
        Assert.Contains("already put back", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_TwiceInARow_SecondSaysAlreadyRolledBackAndTouchesNothing()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var applied = await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "#\n")]), "host1", "alice", Ct);
        await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        var again = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.AlreadyRolledBack, again.Outcome);
        Assert.Null(again.Error);
        Assert.NotNull(again.RolledBackAt);
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Rollback_BackupDeleted_RefusedAndFileLeftAsItIs()
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        var applied = await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "#\n")]), "host1", "alice", Ct);
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId!.Value, Ct);
        File.Delete(set!.Files[0].BackupPath!);

        var result = await _fixture.Rollback().RollbackAsync(set.Id, force: true, Ct);

        Assert.Equal(RollbackOutcome.Refused, result.Outcome);
        Assert.Contains("backup", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((byte[])[.. Grub, .. "#\n"u8.ToArray()], _fixture.ReadBytes("etc/default/grub"));
    }
}
