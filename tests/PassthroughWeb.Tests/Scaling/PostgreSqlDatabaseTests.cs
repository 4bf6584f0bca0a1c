using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Cli;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Scaling;

/// <summary>
/// The app's database on a real PostgreSQL server: its own migrations apply once, under an advisory lock that a second
/// instance waits for; every verb finds it through PASSTHROUGHWEB_DATABASE; a server that refuses says why.
/// </summary>
[Collection(FleetServersCollection.Name)]
public sealed class PostgreSqlDatabaseTests(FleetServers servers)
{
    [Fact]
    public async Task EnsureMigrated_AppliesEveryPostgreSqlMigration_ThenNothingIsPending_AndTheModelNeedsNoNewOne()
    {
        using var data = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        var database = await servers.NewLocationAsync(data.Path);
        Assert.True(PassthroughDatabase.HasPendingMigrations(database));

        await using var db = await PassthroughDatabase.OpenAsync(database, ct);

        Assert.False(PassthroughDatabase.HasPendingMigrations(database));
        Assert.Equal(PassthroughDatabase.MigrationIdsOf(PassthroughDatabase.PostgreSqlMigrationsAssembly), await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        // The model of this build has no change that the PostgreSQL migrations lack (docs/scaling.md says how to add one).
        Assert.False(db.Database.HasPendingModelChanges());
        PassthroughDatabase.Ping(database);
        // The data directory holds no SQLite file: the tables are on the server.
        Assert.False(File.Exists(PassthroughDatabase.PathIn(data.Path)));
    }

    [Fact]
    public async Task ASecondInstance_WaitsForTheMigrationLock_SaysWhy_AndFindsTheSchemaDone()
    {
        using var data = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        var database = await servers.NewLocationAsync(data.Path);
        var messages = new List<string>();
        Task waiting;
        using (await PostgreSqlMigrationLock.AcquireAsync(database, waiting: null, ct))
        {
            waiting = PassthroughDatabase.EnsureMigratedAsync(database, ct, message => { lock (messages) messages.Add(message); });
            await Task.Delay(DatabaseMigrationLock.SayAfter + TimeSpan.FromMilliseconds(500), ct);
            Assert.False(waiting.IsCompleted);
            Assert.True(PassthroughDatabase.HasPendingMigrations(database));
        }

        await waiting.WaitAsync(TimeSpan.FromMinutes(1), ct);
        Assert.False(PassthroughDatabase.HasPendingMigrations(database));
        var said = Assert.Single(messages);
        Assert.Contains("Waiting for another PassthroughWeb instance", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", said, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UsersAndAgentTokens_MadeByTheCli_GoToTheDatabaseOfPassthroughwebDatabase()
    {
        using var data = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        var connection = await servers.NewDatabaseAsync();
        var cli = CliServices.Default with
        {
            StandardInput = new StringReader("correct horse battery staple\n"),
            GetEnvironmentVariable = name => name == CommonOptions.DatabaseEnvironmentVariable ? connection : null,
        };

        var added = await CliRun.RunAsync(cli, "user", "add", "alice", "--role", "admin", "--password-stdin", "--data", data.Path);
        var token = await CliRun.RunAsync(cli, "token", "create", "--agent", "gpu-node-017", "--data", data.Path);

        Assert.True(added.ExitCode == ExitCodes.Success, added.ToString());
        Assert.True(token.ExitCode == ExitCodes.Success, token.ToString());
        Assert.False(File.Exists(PassthroughDatabase.PathIn(data.Path)));
        await using var db = await PassthroughDatabase.OpenAsync(DatabaseLocation.PostgreSql(connection, data.Path), ct);
        Assert.Equal(["alice"], await db.Users.Select(u => u.UserName).ToListAsync(ct));
        var agentToken = Assert.Single(await db.AccessTokens.Where(t => t.Kind == AccessTokenKind.Agent).ToListAsync(ct));
        Assert.Equal("gpu-node-017", agentToken.Name);

        var revoked = await CliRun.RunAsync(cli, "token", "revoke", "--agent", "gpu-node-017", "--data", data.Path);
        Assert.True(revoked.ExitCode == ExitCodes.Success, revoked.ToString());
        Assert.Equal(0, await db.AccessTokens.CountAsync(t => t.Kind == AccessTokenKind.Agent && t.RevokedAt == null, ct));
    }

    [Fact]
    public async Task ADatabaseThatDoesNotExist_IsNamedWithWhatToDo_AndNoPasswordIsShown()
    {
        using var data = new TemporaryDataDirectory();
        var database = DatabaseLocation.PostgreSql($"Host=127.0.0.1;Port={servers.PostgreSqlPort};Username=postgres;Password=s3cret-Pass;Database=no_such_fleet", data.Path);

        var problem = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => PassthroughDatabase.EnsureMigratedAsync(database, TestContext.Current.CancellationToken));

        Assert.Equal("the database does not exist", problem.Reason);
        Assert.StartsWith($"The database 'no_such_fleet' on 127.0.0.1:{servers.PostgreSqlPort} (PostgreSQL) cannot be used: the database does not exist.", problem.Message, StringComparison.Ordinal);
        Assert.Contains("createdb", problem.Advice, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pass", problem.Message, StringComparison.Ordinal);
    }
}

/// <summary>The change journal's contract (sets begun, updated, completed, found after a restart) on PostgreSQL.</summary>
[Collection(FleetServersCollection.Name)]
public sealed class PostgreSqlChangeJournalTests(FleetServers servers) : PassthroughWeb.Core.Tests.Changes.ChangeJournalTests, IDisposable
{
    private readonly TemporaryDataDirectory _data = new();
    private readonly List<EfChangeJournal> _journals = [];
    private DatabaseLocation? _database;

    protected override Core.Changes.IChangeJournal CreateJournal()
    {
        _database = servers.NewLocationAsync(_data.Path).GetAwaiter().GetResult();
        PassthroughDatabase.EnsureMigratedAsync(_database, CancellationToken.None).GetAwaiter().GetResult();
        return Open();
    }

    protected override Core.Changes.IChangeJournal Reopen(Core.Changes.IChangeJournal journal) => Open();

    private EfChangeJournal Open()
    {
        var journal = new EfChangeJournal(new DataDirectoryContextFactory(_database!));
        _journals.Add(journal);
        return journal;
    }

    public void Dispose()
    {
        foreach (var journal in _journals) journal.Dispose();
        _data.Dispose();
    }
}
