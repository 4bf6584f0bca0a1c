using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Cli;

public sealed class HostCommandRunnerTests
{
    [Fact]
    public async Task Create_WithoutNsenter_RunsProgramsHere()
    {
        var runner = HostCommandRunner.Create(new ServeOptions { DataDirectory = "/tmp", UseNsenter = false });

        var result = await runner.RunAsync(new CommandRequest("uname", ["-n"]), TestContext.Current.CancellationToken);

        Assert.IsType<ProcessCommandRunner>(runner);
        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Environment.MachineName, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Create_WithNsenter_RunsProgramsThroughNsenterIntoPid1()
    {
        var runner = HostCommandRunner.Create(new ServeOptions { DataDirectory = "/tmp", UseNsenter = true });
        if (Deployment.RepositoryFiles.FindProgram("nsenter") is null) Assert.Skip("nsenter (util-linux) is not installed.");

        var result = await runner.RunAsync(new CommandRequest("cat", ["/proc/self/comm"]), TestContext.Current.CancellationToken);

        Assert.IsType<NsenterCommandRunner>(runner);
        // In a container with pid: host this enters the host and runs cat there. Where PID 1's namespaces are
        // closed to us (this sandbox), nsenter itself must be the one refusing: the request did reach it.
        if (result.Succeeded) Assert.Equal("cat", result.StandardOutput.Trim());
        else Assert.StartsWith("nsenter: ", result.StandardError, StringComparison.Ordinal);
    }
}
