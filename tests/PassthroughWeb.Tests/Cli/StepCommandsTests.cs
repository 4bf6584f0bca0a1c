using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>plan, apply, verify, rollback and history on real argv against the guide's workstation in a fixture root.</summary>
public sealed class StepCommandsTests : IDisposable
{
    private const string Both = "host,isolate";
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    private Task<CliRun> Run(CliServices services, params string[] args) => CliRun.RunAsync(services, [.. args, "--data", _data.Path]);

    private async Task<JsonElement> HistoryAsync()
    {
        var run = await Run("history", "--root", _host.Path, "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    [Fact]
    public async Task Plan_HostAndIsolateJson_ListsEveryFileWithBeforeAfterDiffAndTheCommands()
    {
        var run = await Run("plan", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var plan = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("planned", plan.GetProperty("outcome").GetString());
        Assert.Equal(["host", "isolate"], plan.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        var files = plan.GetProperty("files").EnumerateArray().ToList();
        var grub = files.Single(f => f.GetProperty("path").GetString() == "/etc/default/grub");
        Assert.Contains("quiet splash\"", grub.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("quiet splash intel_iommu=on iommu=pt\"", grub.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Contains("+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on iommu=pt\"", grub.GetProperty("diff").GetString(), StringComparison.Ordinal);
        var vfio = files.Single(f => f.GetProperty("path").GetString() == "/etc/modprobe.d/vfio.conf");
        Assert.Equal(JsonValueKind.Null, vfio.GetProperty("before").ValueKind);
        Assert.Equal(["mkinitcpio -P", "grub-mkconfig -o /boot/grub/grub.cfg"], plan.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()));
        Assert.All(plan.GetProperty("commands").EnumerateArray(), c => Assert.True(c.GetProperty("skipped").GetBoolean()));
    }

    [Fact]
    public async Task Plan_TheBootDisplay_RefusedWithTheInterlockAndNothingStored()
    {
        var run = await Run("plan", "--gpu", SampleWorkstation.HostGpu.ToString(), "--steps", "isolate", "--root", _host.Path);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("Refused:", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("single-GPU", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnknownStepOrExtra_UsageErrorNamingIt()
    {
        var steps = await Run("plan", "--gpu", Gpu, "--steps", "host,vm", "--root", _host.Path);
        var extra = await Run("plan", "--gpu", Gpu, "--steps", "host", "--extra", "quiet", "--root", _host.Path);

        Assert.Equal(ExitCodes.UsageError, steps.ExitCode);
        Assert.Contains("'vm'", steps.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, extra.ExitCode);
        Assert.Contains("'quiet'", extra.StandardError, StringComparison.Ordinal);
        Assert.Empty(steps.StandardOutput);
    }

    [Fact]
    public async Task Apply_WithoutYes_RefusesAndChangesNothing()
    {
        var before = _host.Snapshot();

        var run = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("--yes", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task ApplyThenRollback_BothSteps_EveryFileBackByteForByte()
    {
        var before = _host.Snapshot();

        var apply = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        var id = Guid.Parse(apply.StandardOutput.Trim());
        Assert.Contains("skipped", apply.StandardError, StringComparison.Ordinal);
        var changed = _host.Snapshot();
        Assert.Contains("intel_iommu=on iommu=pt", File.ReadAllText(_host.MachinePath("etc/default/grub")), StringComparison.Ordinal);
        Assert.True(File.Exists(_host.MachinePath("etc/modprobe.d/vfio.conf")));
        Assert.NotEqual(before, changed);

        var history = await HistoryAsync();
        var set = Assert.Single(history.GetProperty("changeSets").EnumerateArray());
        Assert.Equal(id.ToString(), set.GetProperty("id").GetString());
        Assert.Equal("applied", set.GetProperty("state").GetString());
        Assert.True(set.GetProperty("rebootNeeded").GetBoolean());
        Assert.Contains("/etc/default/grub", set.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("/etc/mkinitcpio.conf", set.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["skipped", "skipped"], set.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("status").GetString()));

        var rollback = await Run("rollback", id.ToString());

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.Equal(before, _host.Snapshot());
        var after = await HistoryAsync();
        Assert.Equal("rolledBack", after.GetProperty("changeSets")[0].GetProperty("state").GetString());
        Assert.Contains("rollback", after.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        // A second rollback (another terminal, a browser tab) is not a failure: the files are already as they were.
        var again = await Run("rollback", id.ToString());
        Assert.Equal(ExitCodes.NothingToDo, again.ExitCode);
        Assert.Contains("already rolled back", again.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Twice_SecondIsNothingToDo()
    {
        var first = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");
        var snapshot = _host.Snapshot();

        var second = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes", "--json");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.NothingToDo, second.ToString());
        var document = JsonDocument.Parse(second.StandardOutput).RootElement;
        Assert.Equal("nothingToDo", document.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, document.GetProperty("changeSetId").ValueKind);
        Assert.Equal(snapshot, _host.Snapshot());
        Assert.Single((await HistoryAsync()).GetProperty("changeSets").EnumerateArray());
    }

    [Fact]
    public async Task Apply_RegenerationFails_EveryFileRestoredAndHistorySaysFailed()
    {
        var bin = Path.Combine(_data.Path, "bin");
        SandboxCommandRunner.WriteProgram(bin, "mkinitcpio", "echo '==> ERROR: module not found: vfio_pci' >&2\nexit 1\n");
        SandboxCommandRunner.WriteProgram(bin, "grub-mkconfig", "exit 0\n");
        var runner = new SandboxCommandRunner(bin);
        var services = CliServices.Default with { CommandPolicy = CommandPolicy.Always, CommandRunner = runner };
        var before = _host.Snapshot();

        var run = await Run(services, "apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");

        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.Contains("mkinitcpio -P", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("module not found", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Equal(["mkinitcpio"], runner.Requests.Select(r => r.Program));
        var set = Assert.Single((await HistoryAsync()).GetProperty("changeSets").EnumerateArray());
        Assert.Equal("failed", set.GetProperty("state").GetString());
        var command = Assert.Single(set.GetProperty("commands").EnumerateArray());
        Assert.Equal(1, command.GetProperty("exitCode").GetInt32());
        Assert.Contains("module not found", command.GetProperty("standardError").GetString(), StringComparison.Ordinal);
        Assert.Contains("mkinitcpio -P", set.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_GrubConfigurationFailsAfterTheImageWasRebuilt_EveryFileRestoredAndHistorySaysFailed()
    {
        // The second command of the set fails: the first one's work is undone with the files, and both are on record.
        var bin = Path.Combine(_data.Path, "bin");
        SandboxCommandRunner.WriteProgram(bin, "mkinitcpio", "exit 0\n");
        SandboxCommandRunner.WriteProgram(bin, "grub-mkconfig", "echo '/usr/sbin/grub-probe: error: failed to get canonical path of /dev/nvme0n1p2.' >&2\nexit 1\n");
        var runner = new SandboxCommandRunner(bin);
        var services = CliServices.Default with { CommandPolicy = CommandPolicy.Always, CommandRunner = runner };
        var before = _host.Snapshot();

        var run = await Run(services, "apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");

        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.Contains("grub-mkconfig", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("failed to get canonical path", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Contains("grub-mkconfig", runner.Requests.Select(r => r.Program));
        var set = Assert.Single((await HistoryAsync()).GetProperty("changeSets").EnumerateArray());
        Assert.Equal("failed", set.GetProperty("state").GetString());
        var failed = set.GetProperty("commands").EnumerateArray().Single(c => c.GetProperty("exitCode").GetInt32() != 0);
        Assert.Contains("failed to get canonical path", failed.GetProperty("standardError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_DracutFailsOnADracutHost_EveryFileRestoredAndHistorySaysFailedWithDracutsMessage()
    {
        // The guide's workstation as a Fedora-style host builds its images with dracut instead of mkinitcpio. The dracut
        // the apply runs is the real dracut-core where it is installed, for a kernel whose module tree is not there, into
        // the test's own directory: it fails before it writes anything (the planned --regenerate-all would rebuild this
        // machine's own /boot). Without dracut-core, the program prints what dracut 059 prints then, and exits 1 as it does.
        File.Delete(_host.MachinePath("/usr/bin/mkinitcpio"));
        File.Delete(_host.MachinePath("/etc/mkinitcpio.conf"));
        _host.Root.WriteText("usr/bin/dracut", "#!/bin/bash\n# dracut stands here as a marker of the program being installed.\nexit 1\n");
        _host.Root.WriteText("etc/dracut.conf", "# PUT YOUR CONFIG IN separate files\n# in /etc/dracut.conf.d named \"<XX>-<name>.conf\"\n");
        var bin = Path.Combine(_data.Path, "bin");
        var confdir = Directory.CreateDirectory(Path.Combine(_data.Path, "dracut.conf.d")).FullName;
        const string Kernel = "6.11.4-301.fc41.x86_64";
        SandboxCommandRunner.WriteProgram(bin, "dracut",
            $"if [ -x /usr/bin/dracut ]; then exec /usr/bin/dracut --conf /dev/null --confdir '{confdir}' --kver {Kernel} -f '{Path.Combine(_data.Path, "initramfs.img")}'; fi\n" +
            $"echo 'dracut: Cannot find module directory /lib/modules/{Kernel}/' >&2\necho 'dracut: and --no-kernel was not specified' >&2\nexit 1\n");
        SandboxCommandRunner.WriteProgram(bin, "grub-mkconfig", "exit 0\n");
        var runner = new SandboxCommandRunner(bin);
        var services = CliServices.Default with { CommandPolicy = CommandPolicy.Always, CommandRunner = runner };
        var before = _host.Snapshot();

        var run = await Run(services, "apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");

        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.Contains("dracut --regenerate-all -f", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Cannot find module directory", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.Equal("dracut", runner.Requests.Last().Program);
        Assert.DoesNotContain("mkinitcpio", runner.Requests.Select(r => r.Program));
        var set = Assert.Single((await HistoryAsync()).GetProperty("changeSets").EnumerateArray());
        Assert.Equal("failed", set.GetProperty("state").GetString());
        var failed = set.GetProperty("commands").EnumerateArray().Single(c => c.GetProperty("exitCode").GetInt32() != 0);
        Assert.Equal(1, failed.GetProperty("exitCode").GetInt32());
        Assert.Contains("and --no-kernel was not specified", failed.GetProperty("standardError").GetString(), StringComparison.Ordinal);
        Assert.Contains("dracut", set.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "initramfs.img")));
    }

    [Fact]
    public async Task Apply_RebuiltImageLacksTheVfioModules_SaysDoNotRebootAndRecordsTheCheck()
    {
        // The rebuild "succeeds" without writing an image: the check that lists the images must not call that done.
        var bin = Path.Combine(_data.Path, "bin");
        SandboxCommandRunner.WriteProgram(bin, "mkinitcpio", "exit 0\n");
        SandboxCommandRunner.WriteProgram(bin, "grub-mkconfig", "exit 0\n");
        var services = CliServices.Default with { CommandPolicy = CommandPolicy.Always, CommandRunner = new SandboxCommandRunner(bin) };

        var run = await Run(services, "apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");

        Assert.True(run.ExitCode == ExitCodes.ImagesIncomplete, run.ToString());
        Assert.Contains("do NOT reboot", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
        var history = await HistoryAsync();
        Assert.Equal("applied", Assert.Single(history.GetProperty("changeSets").EnumerateArray()).GetProperty("state").GetString());
        Assert.Contains("initramfs-check", history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Verify_BeforeAndAfterTheReboot_RebootNeededThenPassedAndRecorded()
    {
        var nothing = await Run("verify", "--root", _host.Path);
        Assert.True(nothing.ExitCode == ExitCodes.NothingToDo, nothing.ToString());
        var apply = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");
        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());

        var early = await Run("verify", "--root", _host.Path);
        Assert.True(early.ExitCode == ExitCodes.RebootNeeded, early.ToString());

        _host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");
        var verify = await Run("verify", "--root", _host.Path, "--json");

        Assert.True(verify.ExitCode == ExitCodes.Success, verify.ToString());
        var document = JsonDocument.Parse(verify.StandardOutput).RootElement;
        Assert.Equal("passed", document.GetProperty("outcome").GetString());
        var subjects = document.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("subject").GetString()).ToList();
        Assert.Contains("intel_iommu=on", subjects);
        Assert.Contains("IOMMU groups", subjects);
        Assert.Contains("0000:07:00.1", subjects);
        var history = await HistoryAsync();
        Assert.True(history.GetProperty("changeSets")[0].GetProperty("verificationPassed").GetBoolean());
        Assert.False(history.GetProperty("changeSets")[0].GetProperty("rebootNeeded").GetBoolean());
        var verification = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "verification");
        Assert.True(verification.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Verify_ParameterMissingAfterTheReboot_FailsNamingIt()
    {
        var apply = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");
        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        _host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on");

        var verify = await Run("verify", "--root", _host.Path);

        Assert.True(verify.ExitCode == ExitCodes.VerificationFailed, verify.ToString());
        Assert.Contains("iommu=pt is missing from the running command line", verify.StandardOutput, StringComparison.Ordinal);
        Assert.False((await HistoryAsync()).GetProperty("changeSets")[0].GetProperty("verificationPassed").GetBoolean());
    }

    [Fact]
    public async Task Verify_FunctionNotOnVfioAfterTheReboot_FailsNamingTheDriver()
    {
        var apply = await Run("apply", "--gpu", Gpu, "--steps", Both, "--root", _host.Path, "--yes");
        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        _host.SimulateReboot(GuideWorkstation.CommandLineBeforeStep2 + " intel_iommu=on iommu=pt");
        _host.BindDriver(SampleWorkstation.GuestGpu with { Function = 1 }, "snd_hda_intel");

        var verify = await Run("verify", "--root", _host.Path);

        Assert.True(verify.ExitCode == ExitCodes.VerificationFailed, verify.ToString());
        Assert.Contains("0000:07:00.1", verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("is still on snd_hda_intel", verify.StandardOutput, StringComparison.Ordinal);
    }
}
