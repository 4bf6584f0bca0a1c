using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Host;

public sealed class ProcessCommandRunnerTests
{
    [Fact]
    public async Task RunAsync_ArgumentWithShellCharacters_ReachesTheProgramAsOneArgument()
    {
        var runner = new ProcessCommandRunner();

        var result = await runner.RunAsync(new CommandRequest("printf", ["%s|", "a b; rm -rf /", "$(id)"]), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal("a b; rm -rf /|$(id)|", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_IsAValueNotAnException()
    {
        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest("/nonexistent/program", []), TestContext.Current.CancellationToken);

        Assert.False(result.Started);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ProgramOutlivesItsTimeout_IsKilledAndReportedAsTimedOut()
    {
        var request = new CommandRequest("sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(200) };

        var result = await new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
    }

    [Fact]
    public void Nsenter_WrapsTheArgumentListWithoutAShell()
    {
        var wrapped = NsenterCommandRunner.Wrap(new CommandRequest("lspci", ["-nn", "-s", "07:00.0"]));

        Assert.Equal("nsenter", wrapped.Program);
        Assert.Equal(["--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--", "lspci", "-nn", "-s", "07:00.0"], wrapped.Arguments);
    }
}
