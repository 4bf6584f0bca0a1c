using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>What the VM verbs refuse before asking libvirt anything, and that docs/cli.md lists only options they take.</summary>
public sealed class VmCommandLineTests : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    [Fact]
    public async Task Plan_VmCombinedWithHostSteps_UsageErrorExplainingTheReboot()
    {
        var run = await Run("plan", "--steps", "host,isolate,vm", "--vm", "win11", "--gpu", Gpu, "--root", _host.Path);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("cannot be combined", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("reboot", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task PlanAndApply_VmOptionsMisplaced_UsageErrorNamingThem()
    {
        var noVm = await Run("plan", "--steps", "vm", "--gpu", Gpu, "--root", _host.Path);
        var vmForHost = await Run("apply", "--steps", "host", "--vm", "win11", "--rom", "/x.rom", "--gpu", Gpu, "--root", _host.Path, "--yes");
        var extraForVm = await Run("plan", "--steps", "vm", "--vm", "win11", "--single-gpu", "--gpu", Gpu, "--root", _host.Path);
        var both = await Run("plan", "--steps", "vm", "--vm", "win11", "--hide-hypervisor", "--no-hide-hypervisor", "--gpu", Gpu, "--root", _host.Path);

        Assert.Equal(ExitCodes.UsageError, noVm.ExitCode);
        Assert.Contains("--vm NAME", noVm.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, vmForHost.ExitCode);
        Assert.Contains("--vm, --rom belong to the VM step", vmForHost.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, extraForVm.ExitCode);
        Assert.Contains("--single-gpu", extraForVm.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, both.ExitCode);
        Assert.False(File.Exists(Path.Combine(_host.Path, "etc/modprobe.d/vfio.conf")));
    }

    [Fact]
    public async Task ApplyVm_WithoutYes_RefusedBeforeAskingLibvirt()
    {
        var run = await Run("apply", "--steps", "vm", "--vm", "win11", "--gpu", Gpu, "--connect", "qemu+unix:///system?socket=/nonexistent", "--root", _host.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("--yes", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateVm_BadSizeOrWindowsVersion_UsageError()
    {
        var size = await Run("create-vm", "--name", "w", "--iso", "/w.iso", "--memory", "lots", "--root", _host.Path);
        var windows = await Run("create-vm", "--name", "w", "--iso", "/w.iso", "--windows", "7", "--root", _host.Path);

        Assert.Equal(ExitCodes.UsageError, size.ExitCode);
        Assert.Contains("--memory lots", size.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, windows.ExitCode);
        Assert.Contains("10 or 11", windows.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vms_LibvirtNotReachable_LibvirtFailedWithTheReason()
    {
        var run = await CliRun.RunAsync("vms", "--connect", "qemu+unix:///system?socket=/nonexistent/libvirt-sock");

        Assert.Equal(ExitCodes.LibvirtFailed, run.ExitCode);
        Assert.Contains("not reachable", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task HelpText_MentionsEveryOptionTheVmSectionsList()
    {
        var docs = RepositoryFiles.ReadText("docs/cli.md");
        foreach (var (section, verb) in new[] { ("plan --steps vm", "plan"), ("vms", "vms"), ("vm-shutdown", "vm-shutdown"), ("create-vm", "create-vm"), ("guest", "guest") })
        {
            var text = docs[docs.IndexOf($"### `{section}`", StringComparison.Ordinal)..];
            var end = text.IndexOf("\n### ", 3, StringComparison.Ordinal);
            if (end > 0) text = text[..end];
            var help = await CliRun.RunAsync(verb, "--help");
            var options = Regex.Matches(text, @"^\| `(--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(options);
            foreach (var option in options) Assert.Contains(option, help.StandardOutput, StringComparison.Ordinal);
        }
    }
}
