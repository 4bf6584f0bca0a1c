using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Tests.VirtualMachines.Creation;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Steps 4 and 5 on real argv against the real libvirtd and the guide's workstation in a fixture root: plan, apply and
/// roll back a VM's definition, refuse a running VM, create a VM, list them, check the guest. Each test also holds the
/// JSON it printed against the example in docs/cli.md, so the daemon is asked once per thing.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed partial class VmCommandsTests(LibvirtDaemon daemon) : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly string _docs = RepositoryFiles.ReadText("docs/cli.md");

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.StandardOutput).RootElement;

    [Fact]
    public async Task PlanApplyRollback_ShutOffVmWithoutHostdevs_CardPassedThenExactPreviousXmlBack()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-plan");
        var original = await domain.InactiveXmlAsync();
        string[] vmArgs = ["--steps", "vm", "--vm", domain.Name, "--gpu", Gpu, "--connect", LibvirtDaemon.Uri, "--root", _host.Path];

        var text = await Run(["plan", .. vmArgs]);
        var plan = await Run(["plan", .. vmArgs, "--json"]);

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains("[warning] firmware-bios (the plan fixes it)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"# libvirt/{domain.Name}.xml at {LibvirtDaemon.Uri}", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+      <source>", text.StandardOutput, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == ExitCodes.Success, plan.ToString());
        var document = Json(plan);
        Assert.Equal("planned", document.GetProperty("outcome").GetString());
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], document.GetProperty("cardFunctions").EnumerateArray().Select(f => f.GetString()));
        var change = Assert.Single(document.GetProperty("domains").EnumerateArray());
        Assert.Equal(original, change.GetProperty("before").GetString());
        Assert.False(change.GetProperty("creates").GetBoolean());
        Assert.Contains(document.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "firmware-bios" && f.GetProperty("fixedByPlan").GetBoolean());
        AssertDocumented("plan --steps vm", document);
        Assert.Equal(original, await domain.InactiveXmlAsync());

        var apply = await Run(["apply", .. vmArgs, "--yes"]);

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        var id = Guid.Parse(apply.StandardOutput.Trim());
        var applied = await domain.InactiveXmlAsync();
        Assert.Matches("<source>\\s*<address domain='0x0000' bus='0x07' slot='0x00' function='0x0'/>", applied);
        Assert.Matches("<source>\\s*<address domain='0x0000' bus='0x07' slot='0x00' function='0x1'/>", applied);
        Assert.Contains("<os firmware='efi'>", applied, StringComparison.Ordinal);

        var vms = await CliRun.RunAsync("vms", "--connect", LibvirtDaemon.Uri, "--json");
        Assert.True(vms.ExitCode == ExitCodes.Success, vms.ToString());
        var listed = Json(vms).GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == domain.Name);
        Assert.Equal("shutOff", listed.GetProperty("state").GetString());
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], listed.GetProperty("hostdevs").EnumerateArray().Select(h => h.GetString()));
        AssertDocumented("vms", Json(vms));

        var again = await Run(["apply", .. vmArgs, "--yes"]);
        Assert.True(again.ExitCode == ExitCodes.NothingToDo, again.ToString());

        var history = Json(await Run("history", "--root", _host.Path, "--json"));
        var set = Assert.Single(history.GetProperty("changeSets").EnumerateArray());
        Assert.Equal(id.ToString(), set.GetProperty("id").GetString());
        Assert.Equal(["vm"], set.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([domain.Name], set.GetProperty("domains").EnumerateArray().Select(s => s.GetString()));
        Assert.False(set.GetProperty("rebootNeeded").GetBoolean());

        var rollback = await Run("rollback", id.ToString());

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.Contains("has its previous definition again", rollback.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(original, await domain.InactiveXmlAsync());
        var text2 = await Run("history", "--root", _host.Path);
        Assert.Contains($"vm       {domain.Name} at {LibvirtDaemon.Uri}", text2.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rolledBack", Json(await Run("history", "--root", _host.Path, "--json")).GetProperty("changeSets")[0].GetProperty("state").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAndApply_RunningVm_RefusedWithTheCleanShutdownOfferAndNothingChanged()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-running");
        var start = await daemon.VirshAsync("start", "--domain", domain.Name);
        if (!start.Succeeded && start.StandardError.Contains("virtlogd", StringComparison.Ordinal))
            Assert.Skip("The libvirtd already running here was started without virtlogd, so no VM can start: " + start.StandardError.Trim());
        Assert.True(start.Succeeded, start.StandardError);
        var before = await domain.InactiveXmlAsync();
        string[] vmArgs = ["--steps", "vm", "--vm", domain.Name, "--gpu", Gpu, "--root", _host.Path];

        var plan = await Run(["plan", .. vmArgs]);
        var apply = await Run(["apply", .. vmArgs, "--yes", "--json"]);

        Assert.True(plan.ExitCode == ExitCodes.Refused, plan.ToString());
        Assert.Contains("[blocking] vm-running", plan.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"PassthroughWeb vm-shutdown --vm {domain.Name}\n", plan.StandardOutput, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == ExitCodes.Refused, apply.ToString());
        var refused = Json(apply);
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("changeSetId").ValueKind);
        Assert.True(refused.GetProperty("plan").GetProperty("canOfferShutdown").GetBoolean());
        AssertDocumented("plan --steps vm", refused.GetProperty("plan"));
        Assert.Equal(before, await domain.InactiveXmlAsync());

        var shutdown = await Run("vm-shutdown", "--vm", domain.Name, "--root", _host.Path);

        Assert.True(shutdown.ExitCode == ExitCodes.Success, shutdown.ToString());
        var events = Json(await Run("history", "--root", _host.Path, "--json")).GetProperty("events").EnumerateArray().ToList();
        var asked = Assert.Single(events, e => e.GetProperty("kind").GetString() == "vm-shutdown");
        Assert.True(asked.GetProperty("passed").GetBoolean());
        Assert.Empty(Json(await Run("history", "--root", _host.Path, "--json")).GetProperty("changeSets").EnumerateArray());
    }

    [Fact]
    public async Task CreateVm_WithoutYesThenWithYes_PlanChangesNothingThenAValidDomainAndDiskThatRollbackRemoves()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("cli-create");
        scratch.Track(name);
        string[] args = ["create-vm", "--name", name, "--iso", NewVmHost.Win11Iso, "--gpu", "07:00.0", "--memory", "6G", "--disk", "80G",
            "--pool", scratch.Pool, "--network", scratch.Network, "--root", host.Root.Path, "--connect", LibvirtDaemon.Uri];

        var preview = await Run([.. args, "--json"]);

        Assert.True(preview.ExitCode == ExitCodes.Refused, preview.ToString());
        Assert.Contains("--yes", preview.StandardError, StringComparison.Ordinal);
        var planned = Json(preview);
        Assert.Equal("planned", planned.GetProperty("outcome").GetString());
        Assert.False(planned.GetProperty("created").GetBoolean());
        Assert.Equal(6L << 30, planned.GetProperty("vm").GetProperty("memoryBytes").GetInt64());
        var change = Assert.Single(planned.GetProperty("domains").EnumerateArray());
        Assert.True(change.GetProperty("creates").GetBoolean());
        Assert.StartsWith("--- /dev/null\n", change.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Equal(80L << 30, change.GetProperty("newVolume").GetProperty("capacityBytes").GetInt64());
        AssertDocumented("create-vm", planned);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        Assert.Empty(Directory.GetFiles(scratch.PoolDirectory));

        var create = await Run([.. args, "--yes"]);

        Assert.True(create.ExitCode == ExitCodes.Success, create.ToString());
        var id = Guid.Parse(create.StandardOutput.Trim());
        var xml = await daemon.MustAsync("dumpxml", "--inactive", "--domain", name);
        var file = Path.Combine(scratch.PoolDirectory, "domain.xml");
        await File.WriteAllTextAsync(file, xml, TestContext.Current.CancellationToken);
        var validate = await daemon.Runner.RunAsync(new Core.Host.CommandRequest("virt-xml-validate", [file, "domain"]), TestContext.Current.CancellationToken);
        File.Delete(file);
        Assert.True(validate.Succeeded, validate.StandardError + validate.StandardOutput);
        Assert.Contains("bus='0x07'", xml, StringComparison.Ordinal);
        var disk = Assert.Single(Directory.GetFiles(scratch.PoolDirectory));
        Assert.Contains(disk, xml, StringComparison.Ordinal);

        var rollback = await Run("rollback", id.ToString());

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.Contains("undefined", rollback.StandardOutput, StringComparison.Ordinal);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        Assert.False(File.Exists(disk));
    }

    [Fact]
    public async Task CreateVm_CopyOfAHostWithoutConnect_VmCommandsListedAsSkippedAndTheRealLibvirtGetsNothing()
    {
        daemon.Require();
        using var host = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon, "default");
        var name = LibvirtDaemon.NewDomainName("cli-copy");
        scratch.Track(name);
        string[] Args(string vm) => ["create-vm", "--name", vm, "--iso", NewVmHost.Win11Iso, "--gpu", "07:00.0", "--pool", "default", "--network", scratch.Network, "--root", host.Root.Path];

        var preview = await Run(Args(name));
        var json = await Run([.. Args(name), "--yes", "--json"]);
        var text = await Run([.. Args(name + "-text"), "--yes"]);

        Assert.True(preview.ExitCode == ExitCodes.Refused, preview.ToString());
        Assert.Contains("the VM changes are listed as skipped and qemu:///system is left alone", preview.StandardOutput, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var created = Json(json);
        Assert.False(created.GetProperty("changesLibvirt").GetBoolean());
        Assert.False(created.GetProperty("created").GetBoolean());
        Assert.Equal("applied", created.GetProperty("outcome").GetString());
        var commands = created.GetProperty("commands").EnumerateArray().ToList();
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.Equal("skipped", c.GetProperty("status").GetString()));
        AssertDocumented("create-vm", created);
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Matches(@"skipped\s+virsh -c qemu:///system vol-create-as --pool default", text.StandardError);
        Assert.Matches(@"skipped\s+virsh -c qemu:///system define --file", text.StandardError);
        Assert.Contains("nothing was sent to libvirt", text.StandardError, StringComparison.Ordinal);
        // The real libvirtd has neither VM nor disk.
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name + "-text")).Succeeded);
        Assert.Empty(Directory.GetFiles(scratch.PoolDirectory));

        var rollback = await Run("rollback", created.GetProperty("changeSetId").GetString()!);

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
    }

    [Fact]
    public async Task Guest_ShutOffVm_SaysItIsNotRunningWithTheDriverAdviceThenDoneIsRecorded()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-guest");
        string[] args = ["guest", "--vm", domain.Name, "--gpu", Gpu, "--root", _host.Path];

        var text = await Run(args);
        var json = await Run([.. args, "--json"]);

        Assert.True(text.ExitCode == ExitCodes.VerificationFailed, text.ToString());
        Assert.Contains("VM running", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Download page  https://", text.StandardOutput, StringComparison.Ordinal);
        var report = Json(json);
        Assert.Null(report.GetProperty("problem").GetString());
        Assert.False(report.GetProperty("allPassed").GetBoolean());
        var running = report.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("subject").GetString() == "VM running");
        Assert.NotEqual("passed", running.GetProperty("outcome").GetString());
        Assert.Contains("shut off", running.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("amd", report.GetProperty("advice").GetProperty("vendor").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("markedDoneAt").ValueKind);
        AssertDocumented("guest", report);

        var done = await Run([.. args, "--done", "--json"]);

        Assert.True(done.ExitCode == ExitCodes.Success, done.ToString());
        Assert.Equal(JsonValueKind.String, Json(done).GetProperty("markedDoneAt").ValueKind);
        var events = Json(await Run("history", "--root", _host.Path, "--json")).GetProperty("events").EnumerateArray();
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "guest-drivers-done" && e.GetProperty("summary").GetString()!.EndsWith($"work in {domain.Name}.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guest_UnknownVm_LibvirtFailedNamingIt()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("cli-missing");

        var run = await Run("guest", "--vm", name, "--gpu", Gpu, "--root", _host.Path, "--done");

        Assert.True(run.ExitCode == ExitCodes.LibvirtFailed, run.ToString());
        Assert.Contains($"There is no VM named '{name}'", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("not marked done", run.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    /// <summary>
    /// Every field the verb printed is in the docs' example, and the example has no top-level field the verb does not
    /// print (arrays that came out empty here cannot show their items' fields, so below the top the example may hold more).
    /// </summary>
    private void AssertDocumented(string verb, JsonElement printed)
    {
        var start = _docs.IndexOf($"### `{verb}`", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/cli.md has no section ### `{verb}`");
        var section = _docs[start..];
        var end = section.IndexOf("\n### ", 3, StringComparison.Ordinal);
        if (end > 0) section = section[..end];
        var example = JsonDocument.Parse(JsonBlock().Match(section).Groups[1].Value).RootElement;
        var documented = JsonFieldPaths.Of(example);
        var fields = JsonFieldPaths.Of(printed);
        Assert.Empty(fields.Except(documented));
        Assert.Equal(documented.Where(p => !p.Contains('.', StringComparison.Ordinal)), fields.Where(p => !p.Contains('.', StringComparison.Ordinal)));
    }
}
