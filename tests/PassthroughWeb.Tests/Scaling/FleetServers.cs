using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Scaling;

/// <summary>
/// A real PostgreSQL 15 server and a real redis-server on free loopback ports, started once for the classes of
/// <see cref="FleetServersCollection"/> and stopped after them (TOOLCHAIN.md, "PostgreSQL 15 and Redis 7 for tests").
/// PostgreSQL refuses to run as root: as root, its directory belongs to <c>nobody</c> and its programs run as that user
/// (setpriv). Each test takes a database of its own (<see cref="NewDatabaseAsync"/>); Redis is shared and its keys flushed
/// by whoever needs it empty.
/// </summary>
public sealed class FleetServers : IAsyncLifetime
{
    public const string PostgreSqlBin = "/usr/lib/postgresql/15/bin";

    private readonly string _directory = Directory.CreateTempSubdirectory("pw-fleet-servers-").FullName;
    private bool _postgresStarted;
    private bool _redisStarted;

    public int PostgreSqlPort { get; } = FreePort();

    public int RedisPort { get; } = FreePort();

    /// <summary>The <c>--redis</c> of the hub instances.</summary>
    public string Redis => $"127.0.0.1:{RedisPort}";

    /// <summary>How long the two servers took to start, for the lead's budget.</summary>
    public TimeSpan StartTime { get; private set; }

    private string AdminConnection => $"Host=127.0.0.1;Port={PostgreSqlPort};Username=postgres;Database=postgres;Pooling=false";

    public async ValueTask InitializeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var program in new[] { Path.Combine(PostgreSqlBin, "initdb"), Path.Combine(PostgreSqlBin, "pg_ctl"), "/usr/bin/redis-server" })
        {
            if (!File.Exists(program))
                throw new InvalidOperationException($"{program} is missing: install the Debian packages postgresql and redis-server (./test.sh does, as root).");
        }
        var data = Path.Combine(_directory, "data");
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "nobody:nogroup", _directory);
        await RunAsPostgresAsync(Path.Combine(PostgreSqlBin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await RunAsPostgresAsync(Path.Combine(PostgreSqlBin, "pg_ctl"), "-D", data, "-l", Path.Combine(_directory, "pg.log"), "-w", "-t", "120",
            "-o", $"-p {PostgreSqlPort} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
        _postgresStarted = true;
        await RunAsync("/usr/bin/redis-server", "--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--daemonize", "yes", "--pidfile", Path.Combine(_directory, "redis.pid"), "--dir", _directory, "--save", "", "--appendonly", "no");
        _redisStarted = true;
        await WaitForRedisAsync();
        StartTime = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A new, empty database on the server, owned by its superuser; the connection string the app is given.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "passthroughweb_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnection))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={PostgreSqlPort};Username=postgres;Database={name}";
    }

    /// <summary>A new database as the app sees it, beside a data directory of the test's.</summary>
    public async Task<DatabaseLocation> NewLocationAsync(string dataDirectory) => DatabaseLocation.PostgreSql(await NewDatabaseAsync(), dataDirectory);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_redisStarted) await StopAsync(Path.Combine(_directory, "redis.pid"), "TERM");
        if (_postgresStarted) await StopAsync(Path.Combine(_directory, "data", "postmaster.pid"), "INT");
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task StopAsync(string pidFile, string signal)
    {
        if (!File.Exists(pidFile)) return;
        var pid = int.Parse((await File.ReadAllLinesAsync(pidFile))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    private async Task WaitForRedisAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, RedisPort);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", program, .. arguments])
            : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The classes that share one PostgreSQL and one Redis: starting them is most of their time.</summary>
[CollectionDefinition(Name)]
public sealed class FleetServersCollection : ICollectionFixture<FleetServers>
{
    public const string Name = "fleet servers";
}
