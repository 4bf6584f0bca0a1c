using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Changes;

/// <summary>
/// Domain changes go through the same engine as files — checked, journaled, undone on failure, rolled back exactly —
/// against a real libvirtd.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainChangeTests(LibvirtDaemon daemon) : IDisposable
{
    private readonly ChangeFixture _fixture = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    private static string MinimalDomain(string name, string devices = "") =>
        $"""
        <domain type='qemu'>
          <name>{System.Security.SecurityElement.Escape(name)}</name>
          <memory unit='MiB'>64</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
          <devices>{devices}<graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>
        </domain>
        """;

    /// <summary>Defines a domain and returns its inactive XML as libvirt gives it back (what a planner plans against).</summary>
    private async Task<string> DefineAsync(string name, string? xml = null)
    {
        var file = Path.Combine(_fixture.Outside, $"{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml ?? MinimalDomain(name), Ct);
        await daemon.MustAsync("define", "--file", file, "--validate");
        return await daemon.MustAsync("dumpxml", "--inactive", "--domain", name);
    }

    /// <summary>A change to the test daemon, named as <c>--connect</c> names it: the fixture's root is a copy of a host, and only a named libvirt is changed for one.</summary>
    private static DomainChange Change(string name, string? before, string after, DiskVolume? volume = null) =>
        new() { Connection = LibvirtDaemon.Uri, ConnectionNamed = true, Name = name, Before = before, After = after, Reason = "test", NewVolume = volume };

    private static ChangePlan Plan(params DomainChange[] domains) =>
        new() { Steps = ["vm"], Summary = "test VM plan", Files = [], Commands = [], Domains = domains };

    private static string WithDescription(string xml, string text) =>
        xml.Replace("</name>\n", $"</name>\n  <description>{text}</description>\n", StringComparison.Ordinal);

    [Fact]
    public async Task ApplyThenRollback_ExistingDomain_RedefinesThePreviousXmlExactly()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("edit");
        var before = await DefineAsync(name);
        var plan = Plan(Change(name, before, WithDescription(before, "passthrough")));

        var applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.Contains("<description>passthrough</description>", await daemon.MustAsync("dumpxml", "--inactive", "--domain", name), StringComparison.Ordinal);
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId!.Value, Ct);
        Assert.Contains(set!.Commands, r => r.Step.Command.Arguments.Contains("define") && r.Status == CommandStatus.Succeeded);
        Assert.Contains("+  <description>passthrough</description>", set.Diff, StringComparison.Ordinal);
        Assert.Contains("libvirt/" + name + ".xml", set.Diff, StringComparison.Ordinal);

        var rolledBack = await _fixture.Rollback().RollbackAsync(set.Id, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
        Assert.Equal(before, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
    }

    [Fact]
    public async Task ApplyThenRollback_CopyOfAHostWithoutANamedConnection_LibvirtCommandsListedAsSkippedAndNothingReachesLibvirt()
    {
        daemon.Require();
        using var pool = await TestPool.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("copy");
        var volume = new DiskVolume { Pool = pool.Name, Name = name + ".qcow2", CapacityBytes = 64L * 1024 * 1024 };
        var plan = Plan(Change(name, null, MinimalDomain(name), volume) with { ConnectionNamed = false });

        var applied = await _fixture.Applier().ApplyAsync(plan, "workstation", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.Collection(applied.Commands,
            r => Assert.Equal((CommandStatus.Skipped, "vol-create-as"), (r.Status, r.Step.Command.Arguments[2])),
            r => Assert.Equal((CommandStatus.Skipped, "define"), (r.Status, r.Step.Command.Arguments[2])));
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        Assert.Empty(System.IO.Directory.GetFiles(pool.Directory));

        var rolledBack = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId.Value, Ct);
        Assert.All(set!.Commands, r => Assert.Equal(CommandStatus.Skipped, r.Status));
        Assert.Contains(set.Commands, r => r.Phase == ChangePhase.Rollback && r.Step.Command.Arguments.Contains("undefine"));
    }

    [Fact]
    public async Task Apply_DomainChangedSincePlanned_IsRefusedAndNothingIsDefined()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("stale");
        var before = await DefineAsync(name);
        var plan = Plan(Change(name, before, WithDescription(before, "planned")));
        var edited = await DefineAsync(name, WithDescription(before, "edited by hand"));

        var applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, applied.Outcome);
        Assert.Contains("changed since the plan was made", applied.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(edited, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
    }

    [Fact]
    public async Task Apply_RunningDomain_IsRefusedWithoutStoppingIt()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("running");
        var before = await DefineAsync(name);
        await daemon.MustAsync("start", "--domain", name);
        try
        {
            var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, before, WithDescription(before, "x"))), "host1", "alice", Ct);

            Assert.Equal(ApplyOutcome.Refused, applied.Outcome);
            Assert.Contains("is running: shut it down first", applied.Error!.Message, StringComparison.Ordinal);
            Assert.Equal("running", (await daemon.MustAsync("domstate", "--domain", name)).Trim());
            Assert.Equal(before, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
        }
        finally
        {
            await daemon.VirshAsync("destroy", "--domain", name);
        }
    }

    [Fact]
    public async Task Apply_NewXmlNotValid_IsRefusedByTheValidatorBeforeAnythingIsJournaled()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("invalid");
        var before = await DefineAsync(name);
        var broken = before.Replace("<vcpu", "<vcpus-misspelled>1</vcpus-misspelled>\n  <vcpu", StringComparison.Ordinal);

        var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, before, broken)), "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, applied.Outcome);
        Assert.Contains("virt-xml-validate", applied.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(await _fixture.Journal.ListAsync(Ct));
        Assert.Equal(before, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
    }

    [Fact]
    public async Task Apply_DefineFailsAfterTheDiskWasCreated_DeletesTheDiskAndRecordsTheFailure()
    {
        daemon.Require();
        using var pool = await TestPool.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("baddefine");
        // Valid XML that libvirt refuses at define time: the emulator does not exist.
        var xml = MinimalDomain(name, "<emulator>/nonexistent/qemu-system-x86_64</emulator>");
        var volume = new DiskVolume { Pool = pool.Name, Name = name + ".qcow2", CapacityBytes = 64L * 1024 * 1024 };

        var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, null, xml, volume)), "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Failed, applied.Outcome);
        Assert.Contains("Cannot check QEMU binary", applied.Error!.Message, StringComparison.Ordinal);
        Assert.False((await daemon.VirshAsync("dumpxml", "--domain", name)).Succeeded);
        Assert.False(File.Exists(Path.Combine(pool.Directory, volume.Name)));
        var set = await _fixture.Journal.GetAsync(applied.ChangeSetId!.Value, Ct);
        Assert.Equal(ChangeSetState.Failed, set!.State);
        Assert.Contains(set.Commands, r => r.Phase == ChangePhase.Undo && r.Step.Command.Arguments.Contains("vol-delete"));
    }

    [Fact]
    public async Task ApplyThenRollback_CreatedDomainWithDisk_RemovesBoth()
    {
        daemon.Require();
        using var pool = await TestPool.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("create");
        var volume = new DiskVolume { Pool = pool.Name, Name = name + ".qcow2", CapacityBytes = 64L * 1024 * 1024 };

        var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, null, MinimalDomain(name), volume)), "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.True(File.Exists(Path.Combine(pool.Directory, volume.Name)));
        Assert.Equal("shut off", (await daemon.MustAsync("domstate", "--domain", name)).Trim());

        var rolledBack = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);

        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Outcome);
        Assert.False((await daemon.VirshAsync("dumpxml", "--domain", name)).Succeeded);
        Assert.False(File.Exists(Path.Combine(pool.Directory, volume.Name)));
    }

    [Fact]
    public async Task Apply_DiskNameWithAnAmpersand_IsRefusedBeforeLibvirtMangles()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("amp");
        var volume = new DiskVolume { Pool = "default", Name = "Tom & Jerry.qcow2", CapacityBytes = 64L * 1024 * 1024 };

        var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, null, MinimalDomain(name), volume)), "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, applied.Outcome);
        Assert.Contains("vol-create-as mishandles", applied.Error!.Message, StringComparison.Ordinal);
        Assert.False((await daemon.VirshAsync("dumpxml", "--domain", name)).Succeeded);
    }

    [Fact]
    public async Task Rollback_DomainEditedAfterTheApply_IsRefusedUnlessForced()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("editedafter");
        var before = await DefineAsync(name);
        var applied = await _fixture.Applier().ApplyAsync(Plan(Change(name, before, WithDescription(before, "ours"))), "host1", "alice", Ct);
        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        await DefineAsync(name, WithDescription(before, "theirs"));

        var refused = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: false, Ct);
        Assert.Equal(RollbackOutcome.Refused, refused.Outcome);
        Assert.Contains($"the domain {name}", refused.Error!.Message, StringComparison.Ordinal);

        var forced = await _fixture.Rollback().RollbackAsync(applied.ChangeSetId!.Value, force: true, Ct);
        Assert.Equal(RollbackOutcome.RolledBack, forced.Outcome);
        Assert.Equal(before, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
    }

    [Fact]
    public async Task Recovery_ApplyInterruptedAfterTheDefine_PutsThePreviousDefinitionBack()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("crash");
        var before = await DefineAsync(name);
        var plan = Plan(Change(name, before, WithDescription(before, "half-applied")));
        // The journal holds the set as begun; libvirt already holds the new definition: the process died in between.
        await _fixture.Journal.BeginAsync(new ChangeSet
        {
            Id = Guid.NewGuid(),
            Host = "host1",
            User = "alice",
            CreatedAt = DateTimeOffset.UtcNow,
            Plan = plan,
            RootPath = _fixture.Root.Path,
            Files = [],
            State = ChangeSetState.InProgress,
        }, Ct);
        await DefineAsync(name, plan.Domains[0].After);

        var recovered = await _fixture.Recovery().RecoverAsync(Ct);

        var result = Assert.Single(recovered);
        Assert.Equal(ChangeSetState.Interrupted, result.State);
        Assert.Equal([$"libvirt/{name}.xml"], result.RestoredFiles);
        Assert.Equal(before, await daemon.MustAsync("dumpxml", "--inactive", "--domain", name));
    }

    [Fact]
    public async Task Apply_LibvirtNotReachable_IsRefusedWithHowToStartIt()
    {
        var change = Change("vm", "<domain/>", "<domain><name>vm</name></domain>") with { Connection = "qemu+unix:///system?socket=/nonexistent/libvirt-sock" };

        var applied = await _fixture.Applier().ApplyAsync(Plan(change), "host1", "alice", Ct);

        Assert.Equal(ApplyOutcome.Refused, applied.Outcome);
        Assert.Contains("libvirt is not reachable at qemu+unix:///system?socket=/nonexistent/libvirt-sock: start libvirtd", applied.Error!.Message, StringComparison.Ordinal);
    }

    /// <summary>A directory storage pool in a temporary directory, removed again.</summary>
    private sealed class TestPool : IDisposable
    {
        private readonly LibvirtDaemon _daemon;

        private TestPool(LibvirtDaemon daemon, string name, string directory)
        {
            _daemon = daemon;
            Name = name;
            Directory = directory;
        }

        public string Name { get; }
        public string Directory { get; }

        public static async Task<TestPool> CreateAsync(LibvirtDaemon daemon)
        {
            var name = LibvirtDaemon.NewDomainName("pool");
            var directory = System.IO.Directory.CreateTempSubdirectory("pw-pool-").FullName;
            await daemon.MustAsync("pool-create-as", "--name", name, "--type", "dir", "--target", directory);
            return new TestPool(daemon, name, directory);
        }

        public void Dispose()
        {
            _daemon.VirshAsync("pool-destroy", Name).GetAwaiter().GetResult();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
