using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.History;
using PassthroughWeb.Core.Rollouts;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Data.Copying;
using PassthroughWeb.Data.Rollouts;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Scaling;

namespace PassthroughWeb.Tests.Data.Copying;

/// <summary>
/// <c>database copy</c> moves a hub filled through its own verbs (users, tokens, a scan, a change set applied and rolled
/// back, a rollout) from its SQLite file into a new PostgreSQL database on the shared test server: every table of the
/// model arrives row for row, the app reads the same history there, and new rows get new ids. A target with data, a
/// source of another version, a server that does not answer and a copy that fails midway write nothing.
/// </summary>
[Collection(FleetServersCollection.Name)]
public sealed class DatabaseCopyTests(FleetServers servers) : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TemporaryDataDirectory _data = new();
    private readonly GuideWorkstation _host = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    /// <summary>The CLI on the SQLite file, whatever the test runner's own environment says.</summary>
    private static CliServices OnSqlite(string? stdin = null) => CliServices.Default with
    {
        GetEnvironmentVariable = name => name == CommonOptions.DatabaseEnvironmentVariable ? null : Environment.GetEnvironmentVariable(name),
        StandardInput = new StringReader(stdin ?? ""),
    };

    /// <summary>The CLI as it runs once PASSTHROUGHWEB_DATABASE names the copy.</summary>
    private static CliServices OnPostgreSql(string connection) => CliServices.Default with
    {
        GetEnvironmentVariable = name => name == CommonOptions.DatabaseEnvironmentVariable ? connection : Environment.GetEnvironmentVariable(name),
    };

    private async Task<CliRun> RunAsync(CliServices services, params string[] args)
    {
        var run = await CliRun.RunAsync(services, [.. args, "--data", _data.Path]);
        return run;
    }

    private async Task<CliRun> SucceedAsync(CliServices services, params string[] args)
    {
        var run = await RunAsync(services, args);
        Assert.True(run.ExitCode == ExitCodes.Success, $"{string.Join(' ', args)}: {run}");
        return run;
    }

    /// <summary>A hub's life so far, through the verbs an operator runs and the rollout store the hub's API writes with.</summary>
    private async Task<string> FillTheHubAsync(CancellationToken ct)
    {
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "alice", "--role", "viewer", "--password-stdin");
        var token = (await SucceedAsync(OnSqlite(), "token", "create", "--user", "olivia", "--name", "ci")).StandardOutput.TrimEnd().Split('\n')[^1];
        await SucceedAsync(OnSqlite(), "token", "create", "--agent", "gpu-node-017");
        await SucceedAsync(OnSqlite(), "scan", "--root", _host.Path);
        var applied = await SucceedAsync(OnSqlite(), "apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--yes");
        await SucceedAsync(OnSqlite(), "rollback", applied.StandardOutput.Trim());
        // Applied again, so that the host also has the devices its applied isolate step stands on.
        await SucceedAsync(OnSqlite(), "apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--yes");
        var (created, _) = RolloutRules.Create("ro_4f2a9c1e7b30", ["host", "isolate"], "10de:2204",
            [("gpu-node-017", "pl_7d1e", null), ("gpu-node-018", "pl_9a3c", null)], 1, "olivia", new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, ct);
        await new RolloutStore(db).AddAsync(created!, new Dictionary<string, string?> { ["gpu-node-017"] = "{\"planId\":\"pl_7d1e\"}" }, ct);
        await new SetupTokenStore(db, TimeProvider.System).IssueAsync(ct);
        return token;
    }

    [Fact]
    public async Task Copy_AHubFilledThroughTheCli_EveryTableOfTheModelArrivesRowForRow_AndTheAppReadsTheSameHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillTheHubAsync(ct);
        // A long history: more rows than one round trip of the copy writes.
        await using (var hub = await PassthroughDatabase.OpenAsync(_data.Path, ct))
        {
            var at = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
            hub.HistoryEvents.AddRange(Enumerable.Range(1, 1_200).Select(i => new HistoryEventRecord
            {
                HostName = $"gpu-node-{i % 40:000}", Kind = "verification", At = at.AddMinutes(i), User = "olivia", Passed = i % 7 != 0, Summary = $"Verification {i} after the reboot.",
            }));
            await hub.SaveChangesAsync(ct);
        }
        var connection = await servers.NewDatabaseAsync();
        var target = DatabaseLocation.PostgreSql(connection, _data.Path);

        var run = await SucceedAsync(OnSqlite(), "database", "copy", "--to", connection, "--json");

        var printed = JsonDocument.Parse(run.StandardOutput).RootElement;
        var copied = printed.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("rows").GetInt64());
        // Every table the SQLite file has (whatever made it) and every table of the model is in the copy.
        Assert.Equal(SqliteTables(_data.Path), copied.Keys.Order(StringComparer.Ordinal));
        await using var source = await PassthroughDatabase.OpenAsync(_data.Path, ct);
        Assert.Equal(source.Model.GetEntityTypes().Where(t => t.GetTableName() is not null).Select(t => t.GetTableName()!).Distinct().Order(StringComparer.Ordinal), copied.Keys.Order(StringComparer.Ordinal));
        Assert.True(copied["HistoryEvents"] > 1_200, run.StandardOutput);
        foreach (var filled in new[] { "AspNetUsers", "AccessTokens", "SetupTokens", "Hosts", "HardwareProfiles", "ChangeSets", "HistoryEvents", "PlannedDevices", "Rollouts", "RolloutHosts" })
            Assert.True(copied[filled] > 0, $"The hub's {filled} were not filled, or not copied: {run.StandardOutput}");
        Assert.Equal(copied.Values.Sum(), printed.GetProperty("totalRows").GetInt64());
        Assert.Equal(target.Name, printed.GetProperty("to").GetString());

        // Row for row, column for column, through the model.
        await using var copy = await PassthroughDatabase.OpenAsync(target, ct);
        foreach (var table in DatabaseCopy.TablesInOrder(copy.Model))
        {
            var rows = await RowsAsync(source, table);
            Assert.Equal(copied[table.GetTableName()!], rows.Count);
            Assert.Equal(rows, await RowsAsync(copy, table));
        }

        // The app's own reads agree: the audit trail, the rollout with its plans, the users and the tokens.
        var trail = await new AuditTrailStore(source).PageAsync(AuditFilter.None, null, 100, ct);
        Assert.NotEmpty(trail.Entries);
        Assert.Equal(JsonSerializer.Serialize(trail), JsonSerializer.Serialize(await new AuditTrailStore(copy).PageAsync(AuditFilter.None, null, 100, ct)));
        Assert.Equal(JsonSerializer.Serialize(await new RolloutStore(source).FindAsync("ro_4f2a9c1e7b30", ct)), JsonSerializer.Serialize(await new RolloutStore(copy).FindAsync("ro_4f2a9c1e7b30", ct)));
        Assert.Equal("{\"planId\":\"pl_7d1e\"}", (await new RolloutStore(copy).PlanDocumentsAsync("ro_4f2a9c1e7b30", ct))["gpu-node-017"]);
        var historyBefore = await SucceedAsync(OnSqlite(), "history", "--all", "--json");
        var historyAfter = await SucceedAsync(OnPostgreSql(connection), "history", "--all", "--json");
        Assert.Equal(historyBefore.StandardOutput, historyAfter.StandardOutput);
        var tokens = await SucceedAsync(OnPostgreSql(connection), "token", "list");
        Assert.Contains("gpu-node-017", tokens.StandardOutput, StringComparison.Ordinal);

        // The identity sequences start past the copied ids: the next event and profile get new ones.
        var lastEvent = await copy.HistoryEvents.MaxAsync(e => e.Id, ct);
        var next = await new StepHistoryStore(copy).AddEventAsync(new HistoryEventRecord { HostName = "sample-workstation", Kind = "verification", At = DateTimeOffset.UtcNow, User = "olivia", Passed = true, Summary = "Verified after the reboot." }, ct);
        Assert.True(next > lastEvent, $"new event id {next}, copied up to {lastEvent}");
        await SucceedAsync(OnPostgreSql(connection), "scan", "--root", _host.Path);
        Assert.Equal(copied["HardwareProfiles"] + 1, await copy.HardwareProfiles.CountAsync(ct));
    }

    [Fact]
    public async Task Copy_IntoADatabaseThatHoldsData_IsRefusedNamingTheTables_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        var connection = await servers.NewDatabaseAsync();
        using var other = new TemporaryDataDirectory();
        var services = OnPostgreSql(connection) with { StandardInput = new StringReader(Password + "\n") };
        var existing = await CliRun.RunAsync(services, "user", "add", "bob", "--role", "admin", "--password-stdin", "--data", other.Path);
        Assert.True(existing.ExitCode == ExitCodes.Success, existing.ToString());

        var run = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("already holds data (in AspNetUsers)", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
        await using var target = await PassthroughDatabase.OpenAsync(DatabaseLocation.PostgreSql(connection, other.Path), ct);
        Assert.Equal(["bob"], await target.Users.Select(u => u.UserName).ToListAsync(ct));
    }

    [Fact]
    public async Task Copy_ToAServerThatDoesNotAnswer_OrADatabaseThatDoesNotExist_SaysWhyWithoutThePassword_AndABadStringIsAUsageError()
    {
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");

        var unreachable = await RunAsync(OnSqlite(), "database", "copy", "--to", $"Host=127.0.0.1;Port={ClosedPort()};Database=passthroughweb;Username=passthroughweb;Password=s3cret-Pass;Timeout=5");
        var missing = await RunAsync(OnSqlite(), "database", "copy", "--to", $"Host=127.0.0.1;Port={servers.PostgreSqlPort};Database=no_such_fleet;Username=postgres;Password=s3cret-Pass");
        var garbled = await RunAsync(OnSqlite(), "database", "copy", "--to", "Hots=db.lan;Password=s3cret-Pass");

        Assert.True(unreachable.ExitCode == ExitCodes.DataDirectoryUnusable, unreachable.ToString());
        Assert.StartsWith("The database 'passthroughweb' on 127.0.0.1:", unreachable.StandardError, StringComparison.Ordinal);
        Assert.Contains("the server cannot be reached", unreachable.StandardError, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == ExitCodes.DataDirectoryUnusable, missing.ToString());
        Assert.Contains("the database does not exist", missing.StandardError, StringComparison.Ordinal);
        Assert.True(garbled.ExitCode == ExitCodes.UsageError, garbled.ToString());
        Assert.Contains("Not a PostgreSQL connection string", garbled.StandardError, StringComparison.Ordinal);
        foreach (var run in new[] { unreachable, missing, garbled })
        {
            Assert.DoesNotContain("s3cret-Pass", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("", run.StandardOutput);
        }
    }

    [Fact]
    public async Task Copy_FromAnOlderOrNewerVersionsFile_OrWithNoFile_IsRefused_AndTheTargetGetsNoTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = await servers.NewDatabaseAsync();
        var nothing = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);
        Assert.True(nothing.ExitCode == ExitCodes.Refused, nothing.ToString());
        Assert.Contains("There is no database to copy", nothing.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(PassthroughDatabase.PathIn(_data.Path)));

        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        var last = PassthroughDatabase.MigrationIds[^1];
        ExecuteOnSqlite($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'");
        var older = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);
        ExecuteOnSqlite($"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{last}', '10.0.0'), ('29991231000000_FromTheFuture', '10.0.0')");
        var newer = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);

        Assert.True(older.ExitCode == ExitCodes.Refused, older.ToString());
        Assert.Contains($"last used by an older PassthroughWeb (it lacks 1 of this version's migrations, from {last})", older.StandardError, StringComparison.Ordinal);
        Assert.True(newer.ExitCode == ExitCodes.Refused, newer.ToString());
        Assert.Contains("written by a newer PassthroughWeb (it has migrations this version does not know: 29991231000000_FromTheFuture)", newer.StandardError, StringComparison.Ordinal);
        await using var target = new NpgsqlConnection(connection);
        await target.OpenAsync(ct);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", target);
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync(ct))!);
    }

    [Fact]
    public async Task Copy_ThatFailsMidway_RollsBack_AndLeavesTheTargetEmptyForAnotherTry()
    {
        var ct = TestContext.Current.CancellationToken;
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        await SucceedAsync(OnSqlite(), "token", "create", "--user", "olivia", "--name", "ci");
        await SucceedAsync(OnSqlite(), "scan", "--root", _host.Path);
        var connection = await servers.NewDatabaseAsync();
        var target = DatabaseLocation.PostgreSql(connection, _data.Path);
        await PassthroughDatabase.EnsureMigratedAsync(target, ct);
        // The profiles are written after the users, their tokens and the hosts: those are in the transaction by then.
        await ExecuteOnPostgreSqlAsync(connection, """
            CREATE FUNCTION refuse_profiles() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk quota exceeded'; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON "HardwareProfiles" FOR EACH ROW EXECUTE FUNCTION refuse_profiles();
            """, ct);

        var failed = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);

        Assert.True(failed.ExitCode == ExitCodes.DataDirectoryUnusable, failed.ToString());
        Assert.Contains("PostgreSQL said: disk quota exceeded", failed.StandardError, StringComparison.Ordinal);
        Assert.Contains("Nothing was copied.", failed.StandardError, StringComparison.Ordinal);
        await using (var copy = await PassthroughDatabase.OpenAsync(target, ct))
        {
            foreach (var table in DatabaseCopy.TablesInOrder(copy.Model))
                Assert.Empty(await RowsAsync(copy, table));
        }

        await ExecuteOnPostgreSqlAsync(connection, "DROP TRIGGER refuse ON \"HardwareProfiles\"", ct);
        var again = await SucceedAsync(OnSqlite(), "database", "copy", "--to", connection);
        Assert.Contains("Copied ", again.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"\nHardwareProfiles +1\n", again.StandardOutput.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Copy_WhileAHubStillWritesToTheTarget_GivesUpInSeconds_NamingWhy_AndCopiesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        var connection = await servers.NewDatabaseAsync();
        var target = DatabaseLocation.PostgreSql(connection, _data.Path);
        await PassthroughDatabase.EnsureMigratedAsync(target, ct);
        // A hub on the target holds a row lock while it writes an event: the lock an INSERT takes, in a transaction left open.
        await using var hub = new NpgsqlConnection(connection);
        await hub.OpenAsync(ct);
        await using var writing = await hub.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand("LOCK TABLE \"HistoryEvents\" IN ROW EXCLUSIVE MODE", hub, writing))
            await insert.ExecuteNonQueryAsync(ct);

        var run = await RunAsync(OnSqlite(), "database", "copy", "--to", connection);

        Assert.True(run.ExitCode == ExitCodes.DataDirectoryUnusable, run.ToString());
        Assert.Contains("another connection holds its tables (a hub still running on this database?)", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Stop every hub instance that uses it", run.StandardError, StringComparison.Ordinal);
        await writing.RollbackAsync(ct);
        await using var copy = await PassthroughDatabase.OpenAsync(target, ct);
        Assert.Empty(await copy.Users.ToListAsync(ct));
    }

    [Fact]
    public async Task Serve_OnTheCopiedDatabase_SignsInTheCopiedUser_AndTakesTheCopiedToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await SucceedAsync(OnSqlite(Password + "\n"), "user", "add", "olivia", "--role", "admin", "--password-stdin");
        var token = (await SucceedAsync(OnSqlite(), "token", "create", "--user", "olivia", "--name", "ci")).StandardOutput.TrimEnd().Split('\n')[^1];
        await SucceedAsync(OnSqlite(), "scan", "--root", _host.Path);
        var connection = await servers.NewDatabaseAsync();
        await SucceedAsync(OnSqlite(), "database", "copy", "--to", connection);

        await using var hub = new Browser.RunningApp(["--database", connection], withAdmin: false, demo: false);
        await hub.InitializeAsync();
        Assert.Null(hub.Unavailable);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = hub.BaseAddress };
        using var signedIn = await Web.TestApp.SignInAsync(browser, "olivia", Password);
        using var me = await browser.GetAsync(new Uri("api/me", UriKind.Relative), ct);
        using var scripted = new HttpClient();
        scripted.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var hosts = await scripted.GetStringAsync(hub.Url("api/hosts"), ct);

        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{signedIn.StatusCode}\n{hub.Output}");
        Assert.True(me.StatusCode == HttpStatusCode.OK, $"{me.StatusCode}\n{hub.Output}");
        Assert.Contains("\"olivia\"", await me.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("\"sample-workstation\"", hosts, StringComparison.Ordinal);
    }

    /// <summary>Every row of <paramref name="table"/>, each as the JSON of its values in the model's property order, sorted.</summary>
    private static async Task<List<string>> RowsAsync(PassthroughDbContext db, IEntityType table)
    {
        db.ChangeTracker.Clear();
        var read = typeof(DatabaseCopyTests).GetMethod(nameof(ReadAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(table.ClrType);
        var rows = await (Task<List<string>>)read.Invoke(null, [db, table])!;
        db.ChangeTracker.Clear();
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ReadAsync<T>(PassthroughDbContext db, IEntityType table) where T : class
    {
        var properties = table.GetProperties().Select(p => p.Name).ToList();
        var rows = new List<string>();
        foreach (var row in await db.Set<T>().ToListAsync())
        {
            var entry = db.Entry(row);
            rows.Add(JsonSerializer.Serialize(properties.Select(p => entry.Property(p).CurrentValue).ToArray()));
        }
        return rows;
    }

    private static List<string> SqliteTables(string dataDirectory)
    {
        using var connection = new SqliteConnection(PassthroughDatabase.ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock', 'sqlite_sequence') ORDER BY name";
        var tables = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return [.. tables.Order(StringComparer.Ordinal)];
    }

    private void ExecuteOnSqlite(string sql)
    {
        using var connection = new SqliteConnection(PassthroughDatabase.ConnectionStringFor(_data.Path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteOnPostgreSqlAsync(string connection, string sql, CancellationToken ct)
    {
        await using var open = new NpgsqlConnection(connection);
        await open.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, open);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A loopback port nothing listens on (taken and given back at once).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
