using System.Text;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class ChangeApplierTests : IDisposable
{
    private static readonly byte[] GrubWithoutFinalNewline = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"");
    private static readonly byte[] CrlfEntry = Encoding.UTF8.GetBytes("title Arch\r\nlinux /vmlinuz-linux\r\noptions root=/dev/sda2 rw\r\n");
    private static readonly byte[] Utf8WithBom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("# Grüße, 設定\nGRUB_CMDLINE_LINUX=\"\"\n")];

    private readonly ChangeFixture _fixture = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task ApplyThenRollback_NoFinalNewlineCrlfAndUtf8Bom_RestoresBytesExactly()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        _fixture.WriteBytes("boot/loader/entries/arch.conf", CrlfEntry);
        _fixture.WriteBytes("etc/default/grub.d/50-local.cfg", Utf8WithBom);
        var plan = ChangeFixture.Plan([
            _fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal)),
            _fixture.Change("/boot/loader/entries/arch.conf", t => t.Replace("rw\r\n", "rw iommu=pt\r\n", StringComparison.Ordinal)),
            _fixture.Change("/etc/default/grub.d/50-local.cfg", t => t.Replace("LINUX=\"\"", "LINUX=\"iommu=pt\"", StringComparison.Ordinal)),
        ]);

        var applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet iommu=pt\""), _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(Encoding.UTF8.GetBytes("title Arch\r\nlinux /vmlinuz-linux\r\noptions root=/dev/sda2 rw iommu=pt\r\n"), _fixture.ReadBytes("boot/loader/entries/arch.conf"));
        Assert.Equal([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("# Grüße, 設定\nGRUB_CMDLINE_LINUX=\"iommu=pt\"\n")], _fixture.ReadBytes("etc/default/grub.d/50-local.cfg"));
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId!.Value, Ct);
        Assert.Equal(ChangeSetState.Applied, set!.State);
        Assert.All(set.Files, f => Assert.True(f.Written));
        Assert.Equal(("host1", "alice"), (set.Host, set.User));

        var rolledBack = await _fixture.Rollback().RollbackAsync(set.Id, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
        Assert.Equal(GrubWithoutFinalNewline, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(CrlfEntry, _fixture.ReadBytes("boot/loader/entries/arch.conf"));
        Assert.Equal(Utf8WithBom, _fixture.ReadBytes("etc/default/grub.d/50-local.cfg"));
        Assert.Equal(ChangeSetState.RolledBack, (await _fixture.Journal.GetAsync(set.Id, Ct))!.State);
        Assert.Empty(Directory.EnumerateFiles(_fixture.MachinePath("etc/default"), ".*.tmp"));
    }

    [Fact]
    public async Task ApplyThenRollback_FileWithOwnMode_KeepsModeAndOwner()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        await _fixture.RunAsync("chown", "1234:5678", _fixture.MachinePath("etc/default/grub"));
        await _fixture.RunAsync("chmod", "2640", _fixture.MachinePath("etc/default/grub"));
        var plan = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "\nGRUB_TIMEOUT=3\n")]);

        var applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal("1234:5678:2640", await _fixture.StatAsync("etc/default/grub"));
        await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);
        Assert.Equal("1234:5678:2640", await _fixture.StatAsync("etc/default/grub"));
        Assert.Equal(GrubWithoutFinalNewline, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task ApplyThenRollback_CreatedFile_IsRemovedWithTheDirectoriesCreatedForIt()
    {
        Directory.CreateDirectory(_fixture.MachinePath("etc"));
        var plan = ChangeFixture.Plan([new FileChange { Path = "/etc/kernel/cmdline.d/iommu.conf", Before = null, After = "iommu=pt\n", Mode = (UnixFileMode)0b110_100_000, Reason = "test" }]);

        var applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal("iommu=pt\n"u8.ToArray(), _fixture.ReadBytes("etc/kernel/cmdline.d/iommu.conf"));
        Assert.EndsWith(":640", await _fixture.StatAsync("etc/kernel/cmdline.d/iommu.conf"), StringComparison.Ordinal);
        var rolledBack = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);
        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
        Assert.False(File.Exists(_fixture.MachinePath("etc/kernel/cmdline.d/iommu.conf")));
        Assert.False(Directory.Exists(_fixture.MachinePath("etc/kernel")));
        Assert.True(Directory.Exists(_fixture.MachinePath("etc")));
    }

    [Fact]
    public async Task Apply_CommandExitsNonZero_RestoresEveryFileAndJournalsFailedWithExitCodeAndOutput()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        _fixture.WriteBytes("boot/loader/entries/arch.conf", CrlfEntry);
        var generated = _fixture.MachinePath("boot/grub/grub.cfg");
        var plan = ChangeFixture.Plan(
            [
                _fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal)),
                _fixture.Change("/boot/loader/entries/arch.conf", t => t + "# edited\r\n"),
            ],
            ChangeFixture.Command("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat \"$2\" > \"$1\"", "sh", generated, _fixture.MachinePath("etc/default/grub")),
            ChangeFixture.Command("sh", "-c", "echo regenerating; echo 'cannot find /boot/vmlinuz' >&2; exit 3"));

        var result = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(GrubWithoutFinalNewline, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(CrlfEntry, _fixture.ReadBytes("boot/loader/entries/arch.conf"));
        // The command that had succeeded ran again on the restored file, so what it generated matches it.
        Assert.Equal(GrubWithoutFinalNewline, File.ReadAllBytes(generated));
        Assert.Equal(3, result.Error!.ExitCode);
        Assert.Contains("exit code 3", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot find /boot/vmlinuz", result.Error.Message, StringComparison.Ordinal);
        var set = await _fixture.Journal.GetAsync(result.ChangeSetId!.Value, Ct);
        Assert.Equal(ChangeSetState.Failed, set!.State);
        Assert.Equal(3, set.Error!.ExitCode);
        Assert.Equal("cannot find /boot/vmlinuz\n", set.Error.StandardError);
        Assert.Equal("regenerating\n", set.Error.StandardOutput);
        Assert.Equal([(ChangePhase.Apply, CommandStatus.Succeeded), (ChangePhase.Apply, CommandStatus.Failed), (ChangePhase.Undo, CommandStatus.Succeeded)],
            set.Commands.Select(c => (c.Phase, c.Status)));
    }

    [Fact]
    public async Task Apply_CommandOutlivesItsTimeout_RestoresFilesAndSaysItWasStopped()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        var slow = new CommandStep(new PassthroughWeb.Core.Host.CommandRequest("sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(300) }, "slow");
        var plan = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "\n")], slow);

        var result = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Contains("did not finish", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(GrubWithoutFinalNewline, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Apply_ParentOfATargetIsARegularFile_RefusedBeforeAnyWrite()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        _fixture.WriteBytes("boot/loader", "not a directory\n"u8.ToArray());
        var plan = ChangeFixture.Plan([
            _fixture.Change("/etc/default/grub", t => t + "\n"),
            new FileChange { Path = "/boot/loader/entries/new.conf", Before = null, After = "options iommu=pt\n", Reason = "test" },
        ]);

        var result = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Null(result.ChangeSetId);
        Assert.Contains("/boot/loader/entries/new.conf cannot be written", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(GrubWithoutFinalNewline, _fixture.ReadBytes("etc/default/grub"));
        Assert.Empty(await _fixture.Journal.ListAsync(Ct));
        Assert.False(Directory.Exists(_fixture.BackupDirectory));
    }

    [Fact]
    public async Task Apply_PathLeadingOutOfTheRoot_RefusedAsAValue()
    {
        File.WriteAllText(Path.Combine(_fixture.Outside, "secret"), "outside\n");
        Directory.CreateDirectory(_fixture.MachinePath("etc"));
        File.CreateSymbolicLink(_fixture.MachinePath("etc/escape"), Path.Combine(_fixture.Outside, "secret"));
        var plan = ChangeFixture.Plan([new FileChange { Path = "/etc/escape", Before = "outside\n", After = "inside\n", Reason = "test" }]);

        var result = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("outside the host root", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("outside\n", File.ReadAllText(Path.Combine(_fixture.Outside, "secret")));
    }

    [Fact]
    public async Task Apply_FileEditedAfterThePlanWasMade_RefusedAndLeftAlone()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        var plan = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal))]);
        var edited = Encoding.UTF8.GetBytes("GRUB_DEFAULT=saved\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"");
        _fixture.WriteBytes("etc/default/grub", edited);

        var result = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("the file changed since the plan was made", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(edited, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Apply_FileThatIsNotUtf8_Refused()
    {
        _fixture.WriteBytes("etc/default/grub", [0x41, 0xFF, 0x0A]);
        var plan = ChangeFixture.Plan([new FileChange { Path = "/etc/default/grub", Before = "A\uFFFD\n", After = "B\n", Reason = "test" }]);

        var result = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Contains("not UTF-8", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal([0x41, 0xFF, 0x0A], _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Apply_RootIsACopyOfAHost_CommandsSkippedNotRun()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        var marker = Path.Combine(_fixture.Outside, "ran");
        var plan = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "\n")], ChangeFixture.Command("touch", marker));

        var result = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.True(result.CommandsSkipped);
        Assert.Equal(CommandStatus.Skipped, Assert.Single(result.Commands).Status);
        Assert.Null(result.Commands[0].Result);
        Assert.False(File.Exists(marker));
        Assert.Equal(CommandStatus.Skipped, Assert.Single((await _fixture.Journal.GetAsync(result.ChangeSetId!.Value, Ct))!.Commands).Status);
    }

    [Fact]
    public async Task Apply_CallerAsksToRunCommandsOnACopy_RunsThem()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        var marker = Path.Combine(_fixture.Outside, "ran");
        var plan = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "\n")], ChangeFixture.Command("touch", marker));

        var result = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.False(result.CommandsSkipped);
        Assert.Equal(CommandStatus.Succeeded, Assert.Single(result.Commands).Status);
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task Apply_IdempotentPlanTwice_SecondPlanIsEmptyAndChangesNothing()
    {
        _fixture.WriteBytes("etc/default/grub", GrubWithoutFinalNewline);
        static string AddIommu(string text) => text.Contains("iommu=pt", StringComparison.Ordinal) ? text : text.Replace("quiet", "quiet iommu=pt", StringComparison.Ordinal);
        var first = await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", AddIommu)], ChangeFixture.Command("update-grub")), "host1", "alice", Ct);
        Assert.Equal(ApplyOutcome.Applied, first.Outcome);
        var afterFirst = new FileInfo(_fixture.MachinePath("etc/default/grub"));
        var (bytes, written) = (_fixture.ReadBytes("etc/default/grub"), afterFirst.LastWriteTimeUtc);

        // A planner leaves out the commands when no file changes; the second plan is what it would make now.
        var second = ChangeFixture.Plan([_fixture.Change("/etc/default/grub", AddIommu)]);
        var result = await _fixture.Applier().ApplyAsync(second, "host1", "alice", Ct);

        Assert.True(second.IsEmpty);
        Assert.Equal(ApplyOutcome.NothingToDo, result.Outcome);
        Assert.Equal(bytes, _fixture.ReadBytes("etc/default/grub"));
        Assert.Equal(written, new FileInfo(_fixture.MachinePath("etc/default/grub")).LastWriteTimeUtc);
        Assert.Single(await _fixture.Journal.ListAsync(Ct));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Apply_BackupOfAWorldReadableFile_IsReadableByTheAppOnly()
    {
        _fixture.WriteBytes("etc/default/grub", "GRUB_DEFAULT=0\n"u8.ToArray());
        File.SetUnixFileMode(_fixture.MachinePath("etc/default/grub"), (UnixFileMode)0b110_100_100);

        var applied = await _fixture.Applier().ApplyAsync(ChangeFixture.Plan([_fixture.Change("/etc/default/grub", t => t + "GRUB_TIMEOUT=1\n")]), "host1", "alice", Ct);

        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId!.Value, Ct);
        var backup = set!.Files[0].BackupPath!;
        // Backups are copies of /etc files: 0600 in 0700 directories, whatever the original's mode (kept in the record).
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(backup));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(Path.GetDirectoryName(backup)!));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(_fixture.BackupDirectory));
        Assert.Equal("GRUB_DEFAULT=0\n"u8.ToArray(), File.ReadAllBytes(backup));
        Assert.Equal((UnixFileMode)0b110_100_100, set.Files[0].Mode);
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(_fixture.MachinePath("etc/default/grub")));
    }
}
