using PassthroughWeb.Cli;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Web;

namespace PassthroughWeb.Tests.Web;

public sealed class WebApplicationHostTests
{
    private static class Loopback
    {
        public static ListenPlan AnyPort { get; } = ListenPlanner.Plan(new ListenRequest
        {
            Urls = "http://127.0.0.1:0",
            Machine = new MachineIdentity("workstation", []),
        }).Plan!;
    }

    [Fact]
    public async Task RunAsync_MissingRoot_ExitsWithTwoBeforeTouchingTheDataDirectory()
    {
        using var temp = new TemporaryDataDirectory();
        var options = new ServeOptions { DataDirectory = temp.Path, Root = Path.Combine(temp.Path, "no-such-root"), Listen = Loopback.AnyPort };

        var exitCode = await WebApplicationHost.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.RootNotFound, exitCode);
        Assert.False(Directory.Exists(temp.Path));
    }

    [Fact]
    public async Task RunAsync_DataDirectoryIsAFile_ExitsWithOne()
    {
        using var temp = new TemporaryDataDirectory();
        Directory.CreateDirectory(temp.Path);
        var file = Path.Combine(temp.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);
        var options = new ServeOptions { DataDirectory = Path.Combine(file, "data"), Root = temp.Path, Listen = Loopback.AnyPort };

        var exitCode = await WebApplicationHost.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.DataDirectoryUnusable, exitCode);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsCleanlyWithZero()
    {
        using var temp = new TemporaryDataDirectory();
        Directory.CreateDirectory(temp.Path);
        var root = Path.Combine(temp.Path, "empty-host");
        Directory.CreateDirectory(root);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var options = new ServeOptions { DataDirectory = Path.Combine(temp.Path, "data"), Root = root, Listen = Loopback.AnyPort };

        var run = WebApplicationHost.RunAsync(options, stop.Token);
        // Wait until start-up has stored the scan of the empty host, then ask the app to stop.
        var database = Path.Combine(options.DataDirectory, "passthroughweb.db");
        for (var i = 0; i < 600 && !File.Exists(database); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(database));
    }

    [Fact]
    public async Task RunAsync_ProvidedCertificateMissing_ExitsWithCertificateUnusableBeforeListening()
    {
        using var temp = new TemporaryDataDirectory();
        Directory.CreateDirectory(temp.Path);
        var plan = ListenPlanner.Plan(new ListenRequest
        {
            Urls = "https://127.0.0.1:0",
            CertificatePath = Path.Combine(temp.Path, "workstation.pem"),
            KeyPath = Path.Combine(temp.Path, "workstation.key"),
            Machine = new MachineIdentity("workstation", []),
        }).Plan!;
        var options = new ServeOptions { DataDirectory = Path.Combine(temp.Path, "data"), Root = temp.Path, Listen = plan };

        var exitCode = await WebApplicationHost.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.CertificateUnusable, exitCode);
    }
}
