using PassthroughWeb.Cli;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Runs the real parser and the real serve action; only the web app itself is replaced by a recorder of the
/// options it would have been started with (the web app's own tests start it for real).
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pw-cli-serve-").FullName;
    private readonly List<ServeOptions> _started = [];

    private CliServices Services(Func<string, string?>? environment = null) => CliServices.Default with
    {
        Serve = (options, _) =>
        {
            _started.Add(options);
            return Task.FromResult(ExitCodes.Success);
        },
        GetEnvironmentVariable = environment ?? (_ => null),
        Machine = () => Workstation,
    };

    private static readonly MachineIdentity Workstation = new("workstation", ["192.168.1.10", "fd00::10"]);

    [Fact]
    public async Task Serve_EveryOption_ReachesTheWebApp()
    {
        var data = Path.Combine(_dir, "data");

        var run = await CliRun.RunAsync(Services(), "serve", "--urls", "http://127.0.0.1:5999", "--data", data, "--root", _dir, "--demo", "--nsenter");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var options = Assert.Single(_started);
        Assert.Equal("http://127.0.0.1:5999", options.Listen.Urls);
        Assert.Equal(data, options.DataDirectory);
        Assert.Equal(_dir, options.Root);
        Assert.True(options.Demo);
        Assert.True(options.UseNsenter);
    }

    [Fact]
    public async Task NoVerb_ServesWithTheDefaults()
    {
        var run = await CliRun.RunAsync(Services());

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var options = Assert.Single(_started);
        Assert.Equal("http://127.0.0.1:5080", options.Listen.Urls);
        Assert.Equal("/", options.Root);
        Assert.Equal(DataDirectory.Resolve(null), options.DataDirectory);
        Assert.False(options.Demo);
        Assert.False(options.UseNsenter);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public async Task Serve_NsenterEnvironmentVariable_SelectsNsenter(string value, bool expected)
    {
        var services = Services(name => name == ServeCommand.NsenterEnvironmentVariable ? value : null);

        var run = await CliRun.RunAsync(services, "serve", "--data", _dir);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(expected, Assert.Single(_started).UseNsenter);
    }

    [Fact]
    public async Task Serve_DataFromEnvironment_IsTheDataDirectory()
    {
        var run = await CliRun.RunAsync(Services(name => name == DataDirectory.EnvironmentVariable ? _dir : null), "serve");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(_dir, Assert.Single(_started).DataDirectory);
    }

    [Fact]
    public async Task Serve_DatabaseAndRedis_ReachTheWebApp_FromOptionsOrTheEnvironment_AndNoOptionMeansSqlite()
    {
        const string Fleet = "Host=db.lan;Database=passthroughweb;Username=passthroughweb;Password=fleet-secret";

        var byOptions = await CliRun.RunAsync(Services(), "serve", "--data", _dir, "--database", Fleet, "--redis", "redis.lan:6379");
        var byEnvironment = await CliRun.RunAsync(Services(name => name switch
        {
            CommonOptions.DatabaseEnvironmentVariable => Fleet,
            ServeCommand.RedisEnvironmentVariable => "redis.lan:6379",
            _ => null,
        }), "serve", "--data", _dir);
        var plain = await CliRun.RunAsync(Services(), "serve", "--data", _dir);

        Assert.True(byOptions.ExitCode == ExitCodes.Success, byOptions.ToString());
        Assert.True(byEnvironment.ExitCode == ExitCodes.Success, byEnvironment.ToString());
        Assert.True(plain.ExitCode == ExitCodes.Success, plain.ToString());
        foreach (var options in _started.Take(2))
        {
            Assert.Equal(PassthroughWeb.Data.DatabaseProvider.PostgreSql, options.Database!.Provider);
            Assert.Equal("'passthroughweb' on db.lan:5432 (PostgreSQL)", options.Database.Name);
            Assert.Equal("redis.lan:6379", options.Redis);
        }
        Assert.Null(_started[2].Database);
        Assert.Null(_started[2].Redis);
    }

    [Theory]
    [InlineData("--database", "Database=passthroughweb", "names no server")]
    [InlineData("--database", "Host=db;Frobnicate=1", "Not a PostgreSQL connection string")]
    [InlineData("--redis", "redis.lan:6379", "add --database")]
    public async Task Serve_UnreadableDatabaseOrRedisWithoutADatabase_IsAUsageError(string option, string value, string said)
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--data", _dir, option, value);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Empty(_started);
        Assert.Contains(said, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingRoot_FailsBeforeStarting()
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--root", Path.Combine(_dir, "absent"));

        Assert.Equal(ExitCodes.RootNotFound, run.ExitCode);
        Assert.Empty(_started);
        Assert.Contains("does not exist", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WebAppFailsWithIOException_ReturnsServeFailed()
    {
        var services = CliServices.Default with
        {
            Serve = (_, _) => throw new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use."),
        };

        var run = await CliRun.RunAsync(services, "serve", "--data", _dir);

        Assert.Equal(ExitCodes.ServeFailed, run.ExitCode);
        Assert.Contains("address already in use", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://192.168.1.10:5080")]
    public async Task Serve_PlainHttpOnTheNetwork_IsRefusedWithTheWayToHttps(string urls)
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--urls", urls, "--data", _dir);

        Assert.Equal(ExitCodes.ListenRefused, run.ExitCode);
        Assert.Empty(_started);
        Assert.Empty(run.StandardOutput);
        Assert.Contains("--urls https://", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--insecure-http", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PlainHttpOnTheNetworkBehindATlsProxy_Starts()
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--urls", "http://0.0.0.0:5080", "--insecure-http", "--data", _dir);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(Assert.Single(_started).Listen.BehindTlsProxy);
    }

    [Fact]
    public async Task Serve_Https_GeneratesForTheMachineAndTheAllowedHosts()
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--urls", "https://0.0.0.0:5443", "--allowed-host", "workstation.lan", "--allowed-host", "pw.example.org", "--data", _dir);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var listen = Assert.Single(_started).Listen;
        var generated = Assert.IsType<GeneratedCertificate>(listen.Certificate);
        Assert.Equal(["localhost", "workstation.lan", "pw.example.org", "workstation"], generated.DnsNames);
        Assert.Contains("192.168.1.10", generated.IpAddresses);
        Assert.Contains("[fd00::10]", listen.AllowedHosts);
    }

    [Fact]
    public async Task Serve_OwnCertificate_IsPassedWithAbsolutePaths()
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--urls", "https://0.0.0.0:5443", "--certificate", "workstation.pem", "--key", "workstation.key", "--data", _dir);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(new ProvidedCertificate(Path.GetFullPath("workstation.pem"), Path.GetFullPath("workstation.key")), Assert.Single(_started).Listen.Certificate);
    }

    [Fact]
    public async Task Serve_CertificateWithoutKey_IsRefused()
    {
        var run = await CliRun.RunAsync(Services(), "serve", "--urls", "https://0.0.0.0:5443", "--certificate", "workstation.pem", "--data", _dir);

        Assert.Equal(ExitCodes.ListenRefused, run.ExitCode);
        Assert.Contains("--key", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(_started);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
