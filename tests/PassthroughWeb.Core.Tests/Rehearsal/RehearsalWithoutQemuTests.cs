using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// A rehearsal on a machine without QEMU (issue 16's fault list): it says what to install, as a value, before it
/// builds an image. QEMU's absence is made behind the command runner, which really tries to
/// start a program that is not there, so this machine's own QEMU does not matter.
/// </summary>
[Collection(RehearsalCollection.Name)]
public sealed class RehearsalWithoutQemuTests
{
    [Fact]
    public async Task Run_QemuNotInstalled_UnavailableSayingWhatToInstallBeforeBuildingAnImage()
    {
        using var host = await RehearsalHost.CreateAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, TestContext.Current.CancellationToken);
        var (scan, plan) = host.PlanFor(RehearsalHost.Slot4);

        var report = await new RehearsalRunner(new WithoutProgram(QemuArguments.Program))
            .RunAsync(new RehearsalRequest { Root = host.Root, Scan = scan, Plan = plan }, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(RehearsalOutcome.Unavailable, report.Outcome);
        Assert.Equal(RehearsalRunner.InstallQemu, report.Summary);
        Assert.False(report.Passed);
        Assert.Equal("", report.ImageLog);
    }

    /// <summary>The real runner, asked to start <paramref name="program"/> from a directory where it is not.</summary>
    private sealed class WithoutProgram(string program) : ICommandRunner
    {
        private readonly ProcessCommandRunner _inner = new();

        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) =>
            _inner.RunAsync(request.Program == program ? request with { Program = "/nonexistent/bin/" + program } : request, cancellationToken);
    }
}
