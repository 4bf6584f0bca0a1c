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

    [Fact]
    public async Task RunAsync_Watched_HandsOverEachLineInOrder_AndTheResultIsAsWithoutAWatcher()
    {
        var lines = new List<CommandOutputLine>();
        var request = new CommandRequest("printf", ["one\r\ntwo\n\nthree"]);

        var watched = await new ProcessCommandRunner().RunAsync(request with { OnOutput = lines.Add }, TestContext.Current.CancellationToken);
        var unwatched = await new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(["one", "two", "", "three"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(CommandOutputStream.StandardOutput, l.Stream));
        Assert.Equal("one\r\ntwo\n\nthree", watched.StandardOutput);
        Assert.Equal(unwatched, watched);
    }

    [Fact]
    public async Task RunAsync_Watched_TellsStandardErrorFromStandardOutput()
    {
        var lines = new List<CommandOutputLine>();
        var request = new CommandRequest("ls", ["-d", "/", "/nonexistent-passthroughweb"]) { OnOutput = lines.Add };

        var result = await new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(new CommandOutputLine(CommandOutputStream.StandardOutput, "/"), Assert.Single(lines, l => l.Stream == CommandOutputStream.StandardOutput));
        Assert.Equal(new CommandOutputLine(CommandOutputStream.StandardError, "ls: cannot access '/nonexistent-passthroughweb': No such file or directory"),
            Assert.Single(lines, l => l.Stream == CommandOutputStream.StandardError));
        Assert.Equal(("/\n", "ls: cannot access '/nonexistent-passthroughweb': No such file or directory\n"), (result.StandardOutput, result.StandardError));
    }

    [Fact]
    public async Task RunAsync_Watched_ManyLines_ArriveInTheOrderWritten()
    {
        var lines = new List<string>();
        var request = new CommandRequest("seq", ["1", "20000"]) { OnOutput = l => lines.Add(l.Text) };

        var result = await new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, 20000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines);
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_Watched_ALineArrivesWhileTheProgramStillRuns()
    {
        var directory = Directory.CreateTempSubdirectory("streaming-");
        try
        {
            var file = Path.Combine(directory.FullName, "progress.log");
            await File.WriteAllTextAsync(file, "Generating grub configuration file ...\n", TestContext.Current.CancellationToken);
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var request = new CommandRequest("timeout", ["4", "tail", "-f", "-s", "0.1", file])
            {
                OnOutput = l => (l.Text.StartsWith("Generating", StringComparison.Ordinal) ? first : second).TrySetResult(),
            };

            var running = new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);
            await first.Task.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            Assert.False(running.IsCompleted);
            await File.AppendAllTextAsync(file, "Found linux image: /boot/vmlinuz-6.12.0\n", TestContext.Current.CancellationToken);
            await second.Task.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            Assert.False(running.IsCompleted);
            var result = await running;

            Assert.Equal(124, result.ExitCode);
            Assert.Equal("Generating grub configuration file ...\nFound linux image: /boot/vmlinuz-6.12.0\n", result.StandardOutput);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
