using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>The CLI's door maps a service's NotAllowed answer to exit code 17, and leaves the host untouched.</summary>
public sealed class NotAllowedExitCodeTests : IDisposable
{
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private static CliServices As(Role role) => CliServices.Default with { Actor = new Actor("victor", role, AuthenticationMethod.CommandLine) };

    [Fact]
    public async Task ApplyAndRollback_AViewer_ExitSeventeenAndNothingChanges()
    {
        var grub = Path.Combine(_host.Path, "etc", "default", "grub");
        var before = await File.ReadAllTextAsync(grub, TestContext.Current.CancellationToken);

        var apply = await CliRun.RunAsync(As(Role.Viewer), "apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host", "--root", _host.Path, "--data", _data.Path, "--yes");
        var applied = await CliRun.RunAsync(As(Role.Operator), "apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host", "--root", _host.Path, "--data", _data.Path, "--yes");
        var id = applied.StandardOutput.Trim().Split('\n')[0];
        var rollback = await CliRun.RunAsync(As(Role.Viewer), "rollback", id, "--data", _data.Path);

        Assert.Equal(ExitCodes.NotAllowed, apply.ExitCode);
        Assert.Contains("victor is a Viewer", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, applied.ExitCode);
        Assert.Equal(ExitCodes.NotAllowed, rollback.ExitCode);
        Assert.NotEqual(before, await File.ReadAllTextAsync(grub, TestContext.Current.CancellationToken));
        Assert.Contains("by victor", (await CliRun.RunAsync("history", "--root", _host.Path, "--data", _data.Path)).StandardOutput, StringComparison.Ordinal);
    }
}
