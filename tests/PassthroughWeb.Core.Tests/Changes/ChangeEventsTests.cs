using System.Text;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Changes;

/// <summary>What apply, rollback and recovery tell the live feed, for real sets on a temporary host root.</summary>
public sealed class ChangeEventsTests : IDisposable
{
    private static readonly byte[] Grub = Encoding.UTF8.GetBytes("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
    private const string GrubOutput = "Generating grub configuration file ...\nFound linux image: /boot/vmlinuz-6.12.0-amd64\ndone\n";

    private readonly ChangeFixture _fixture = new();
    private readonly HostEventFeed _feed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    private List<HostEvent> Published() => [.. _feed.Subscribe("workstation", Ct).Snapshot];

    private ChangePlan GrubAndVfioPlan(CommandStep command)
    {
        _fixture.WriteBytes("etc/default/grub", Grub);
        return ChangeFixture.Plan([
            _fixture.Change("/etc/default/grub", t => t.Replace("quiet", "quiet amd_iommu=on iommu=pt", StringComparison.Ordinal)),
            new FileChange { Path = "/etc/modprobe.d/vfio.conf", Before = null, After = "options vfio-pci ids=10de:2684,10de:22ba\n", Reason = "test" },
        ], command);
    }

    private static string Describe(HostEvent e) => e switch
    {
        ChangeSetStarted s => $"started {string.Join(",", s.Files)}",
        FileWritten w => $"written {w.Path} {w.Bytes}",
        CommandOutput o => $"{(o.Stream == CommandOutputStream.StandardOutput ? "stdout" : "stderr")} {o.Line}",
        CommandFinished f => $"finished {f.Phase} {f.Status} {f.ExitCode}",
        ChangeSetApplied a => $"applied skipped={a.CommandsSkipped}",
        ChangeSetFailed f => $"failed {f.Message}",
        ChangeSetRolledBack r => $"rolled back {r.Outcome} {r.Message}",
        _ => e.GetType().Name,
    };

    [Fact]
    public async Task Apply_PublishesStartedEachFileEachOutputLineTheCommandAndApplied()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("printf", "%s", GrubOutput));

        var result = await _fixture.Applier(CommandPolicy.Always, events: _feed).ApplyAsync(plan, "workstation", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var events = Published();
        Assert.Equal([
            "started /etc/default/grub,/etc/modprobe.d/vfio.conf",
            $"written /etc/default/grub {_fixture.ReadBytes("etc/default/grub")!.Length}",
            "written /etc/modprobe.d/vfio.conf 41",
            "stdout Generating grub configuration file ...",
            "stdout Found linux image: /boot/vmlinuz-6.12.0-amd64",
            "stdout done",
            "finished apply succeeded 0",
            "applied skipped=False",
        ], events.Select(Describe));
        Assert.All(events, e => Assert.Equal(("workstation", "alice", result.ChangeSetId), (e.Host, e.User, e.ChangeSetId)));
        Assert.All(events.OfType<CommandOutput>(), o => Assert.Equal("printf %s " + CommandDisplayOf(GrubOutput), o.Command));
        Assert.Equal(GrubOutput, Assert.Single(result.Commands).Result!.StandardOutput);
        Assert.Null(Assert.Single((await _fixture.Journal.GetAsync(result.ChangeSetId!.Value, Ct))!.Commands).Step.Command.OnOutput);
    }

    [Fact]
    public async Task Apply_OnACopyOfAHost_TellsTheCommandWasSkipped()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("update-grub"));

        await _fixture.Applier(events: _feed).ApplyAsync(plan, "workstation", "alice", Ct);

        Assert.Equal(["finished apply skipped ", "applied skipped=True"], Published().Skip(3).Select(Describe));
    }

    [Fact]
    public async Task Apply_CommandFails_PublishesItsErrorOutputThenFailedWithTheMessage()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("ls", "/boot/grub-missing"));

        var result = await _fixture.Applier(CommandPolicy.Always, events: _feed).ApplyAsync(plan, "workstation", "alice", Ct);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal([
            "stderr ls: cannot access '/boot/grub-missing': No such file or directory",
            "finished apply failed 2",
            $"failed {result.Error!.Message}",
        ], Published().Skip(3).Select(Describe));
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Apply_Refused_PublishesNothing()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("update-grub"));
        _fixture.WriteBytes("etc/default/grub", Encoding.UTF8.GetBytes("GRUB_DEFAULT=saved\n"));

        var result = await _fixture.Applier(events: _feed).ApplyAsync(plan, "workstation", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Empty(Published());
    }

    [Fact]
    public async Task Rollback_PublishesTheCommandAgainThenRolledBack_ByWhoeverRolledBack()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("printf", "%s", GrubOutput));
        var applied = await _fixture.Applier(CommandPolicy.Always).ApplyAsync(plan, "workstation", "alice", Ct);

        var result = await _fixture.Rollback(CommandPolicy.Always, _feed).RollbackAsync(applied.ChangeSetId!.Value, force: false, "bob", Ct);

        Assert.Equal(RollbackOutcome.RolledBack, result.Outcome);
        var events = Published();
        Assert.Equal([
            "stdout Generating grub configuration file ...",
            "stdout Found linux image: /boot/vmlinuz-6.12.0-amd64",
            "stdout done",
            "finished rollback succeeded 0",
            "rolled back rolled-back ",
        ], events.Select(Describe));
        Assert.All(events, e => Assert.Equal(("bob", applied.ChangeSetId), (e.User, e.ChangeSetId)));
        Assert.Equal(Grub, _fixture.ReadBytes("etc/default/grub"));
    }

    [Fact]
    public async Task Recovery_OfAnInterruptedApply_PublishesFailedWithWhatWasPutBack()
    {
        var plan = GrubAndVfioPlan(ChangeFixture.Command("update-grub"));
        var applier = _fixture.Applier(afterFileWritten: _ => throw new IOException("simulated crash"));
        await Assert.ThrowsAsync<IOException>(() => applier.ApplyAsync(plan, "workstation", "alice", Ct));

        var recovered = Assert.Single(await _fixture.Recovery(events: _feed).RecoverAsync(Ct));

        Assert.Equal(ChangeSetState.Interrupted, recovered.State);
        Assert.Equal(["finished undo skipped ", "failed The apply was interrupted (the program stopped before it finished); at the next start /etc/default/grub was put back as before the change set."],
            Published().Select(Describe));
        Assert.All(Published(), e => Assert.Equal(("alice", recovered.ChangeSetId), (e.User, e.ChangeSetId)));
    }

    private static string CommandDisplayOf(string argument) => new CommandRequest("x", [argument]).Display[2..];
}
