using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

public sealed class PassthroughDatabaseTests
{
    [Fact]
    public async Task OpenAsync_MissingNestedDirectory_CreatesItAndTheDatabaseWithEveryMigrationApplied()
    {
        using var temp = new TemporaryDataDirectory();
        var dataDirectory = Path.Combine(temp.Path, "var", "lib", "passthroughweb");

        await using var db = await PassthroughDatabase.OpenAsync(dataDirectory, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "passthroughweb.db")));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.Equal(0, await db.Hosts.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenAsync_ExistingDatabase_KeepsItsData()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            await new ProfileStore(first).SaveAsync(PassthroughWeb.Core.Tests.Scanning.ProfileComparisonReports.Workstation(), ct);
        }

        await using var second = await PassthroughDatabase.OpenAsync(temp.Path, ct);

        Assert.Equal(1, await second.HardwareProfiles.CountAsync(ct));
    }

    private const UnixFileMode OwnerOnlyDirectory = (UnixFileMode)0b111_000_000;
    private const UnixFileMode OwnerOnlyFile = (UnixFileMode)0b110_000_000;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OpenAsync_NewDataDirectory_IsOwnerOnlyWithAPrivateDatabaseAndJournal()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;

        await using (var db = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            await new ProfileStore(db).SaveAsync(PassthroughWeb.Core.Tests.Scanning.ProfileComparisonReports.Workstation(), ct);
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(temp.Path));
            // SQLite gives its journal files the database's mode; every one that exists now is private.
            foreach (var file in Directory.GetFiles(temp.Path, "passthroughweb.db*"))
                Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{file}: {File.GetUnixFileMode(file)}");
        }
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(PassthroughDatabase.PathIn(temp.Path)));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OpenAsync_DataDirectoryOfAnOlderVersion_IsTightened()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await (await PassthroughDatabase.OpenAsync(temp.Path, ct)).DisposeAsync();
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(PassthroughDatabase.PathIn(temp.Path), (UnixFileMode)0b110_100_100);

        await (await PassthroughDatabase.OpenAsync(temp.Path, ct)).DisposeAsync();

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(temp.Path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(PassthroughDatabase.PathIn(temp.Path)));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OpenAsync_SharedDirectoryHoldingOtherFiles_KeepsItsModeButTheDatabaseIsPrivate()
    {
        using var temp = new TemporaryDataDirectory();
        Directory.CreateDirectory(temp.Path);
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "notes.txt"), "someone else's", TestContext.Current.CancellationToken);

        await (await PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken)).DisposeAsync();

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(temp.Path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(PassthroughDatabase.PathIn(temp.Path)));
    }

    [Fact]
    public async Task MigrationIds_AreTheMigrationsEfCoreFindsInTheMigrationsAssembly()
    {
        using var temp = new TemporaryDataDirectory();
        await using var db = await PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken);

        Assert.Equal(db.Database.GetMigrations(), PassthroughDatabase.MigrationIds);
        Assert.Contains(PassthroughDatabase.MigrationIds, m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HasPendingMigrations_FreshDataDirectory_IsTrueUntilOpened()
    {
        using var temp = new TemporaryDataDirectory();
        PassthroughDatabase.EnsureDirectory(temp.Path);

        Assert.True(PassthroughDatabase.HasPendingMigrations(temp.Path));
        await (await PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken)).DisposeAsync();
        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
    }

    // EF Core's Migrate takes its lock by creating this table (and leaves it), even when nothing is pending: the trace
    // that Migrate ran.
    private const string MigrationLockTable = "__EFMigrationsLock";

    [Fact]
    public async Task OpenAsync_FreshDataDirectory_CreatesTheSchemaFromTheScriptWithoutEfCoresMigrate()
    {
        using var temp = new TemporaryDataDirectory();

        await (await PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken)).DisposeAsync();

        // EF Core's Migrate leaves its lock table behind; the script does not.
        Assert.False(TableExists(temp.Path, MigrationLockTable));
        Assert.True(TableExists(temp.Path, "HardwareProfiles"));
        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
    }

    [Fact]
    public async Task OpenAsync_FreshDataDirectory_HasExactlyTheSchemaEfCoresMigrateMakes()
    {
        using var fromScript = new TemporaryDataDirectory();
        using var fromMigrate = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await (await PassthroughDatabase.OpenAsync(fromScript.Path, ct)).DisposeAsync();
        PassthroughDatabase.EnsureDirectory(fromMigrate.Path);
        await using (var db = new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), fromMigrate.Path).Options))
        {
            await db.Database.MigrateAsync(ct);
        }

        Assert.Equal(Schema(fromMigrate.Path), Schema(fromScript.Path));
        Assert.Equal(Rows(fromMigrate.Path, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY 1"), Rows(fromScript.Path, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY 1"));
    }

    /// <summary>Regenerate after adding a migration: <c>PASSTHROUGHWEB_WRITE_SCHEMA_SCRIPT=1</c> and run this test once.</summary>
    [Fact]
    public void SchemaScript_IsWhatEfCoreGeneratesFromEveryMigrationOfThisBuild()
    {
        using var temp = new TemporaryDataDirectory();
        PassthroughDatabase.EnsureDirectory(temp.Path);
        using var db = new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), temp.Path).Options);
        var generated = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().GenerateScript();
        var file = Path.Combine(RepositoryRoot(), "migrations", "PassthroughWeb.Migrations", "Schema", DatabaseSchemaScript.FileName);
        if (Environment.GetEnvironmentVariable("PASSTHROUGHWEB_WRITE_SCHEMA_SCRIPT") == "1") File.WriteAllText(file, generated);

        Assert.True(Normalize(generated) == Normalize(DatabaseSchemaScript.Text),
            $"{file} is not what EF Core generates from the migrations: run this test once with PASSTHROUGHWEB_WRITE_SCHEMA_SCRIPT=1 to write it again, and commit it.");
    }

    [Fact]
    public async Task OpenAsync_EfCoresLockRowLeftByAKilledMigration_IsClearedAndTheMigrationCompletes()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(PassthroughDatabase.MigrationIds[1], cancellationToken: ct);
        }
        // What a verb killed inside EF Core's Migrate leaves: the lock row, with nobody alive to delete it. EF Core
        // would wait for it forever.
        Execute(temp.Path, $"CREATE TABLE IF NOT EXISTS \"{MigrationLockTable}\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
        Execute(temp.Path, $"INSERT INTO \"{MigrationLockTable}\" VALUES (1, '2026-12-06 20:31:07')");

        await PassthroughDatabase.EnsureMigratedAsync(temp.Path, ct).WaitAsync(TimeSpan.FromMinutes(1), ct);

        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
        Assert.Equal([], Rows(temp.Path, $"SELECT * FROM \"{MigrationLockTable}\""));
    }

    [Fact]
    public async Task EnsureMigrated_AnotherProcessHoldsTheMigrationLock_WaitsSayingWhyThenGoesOn()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        PassthroughDatabase.EnsureDirectory(temp.Path);
        // util-linux flock in another process: the lock a second PassthroughWeb would hold.
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--exclusive", DatabaseMigrationLock.PathIn(temp.Path), "sleep", "4"]))!;
        await WaitUntilAsync(() => IsLocked(DatabaseMigrationLock.PathIn(temp.Path)), ct);
        var said = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        await PassthroughDatabase.EnsureMigratedAsync(temp.Path, ct, said.Add).WaitAsync(TimeSpan.FromMinutes(1), ct);

        Assert.True(started.Elapsed > DatabaseMigrationLock.SayAfter, $"went on after {started.Elapsed} while the lock was held");
        var message = Assert.Single(said);
        Assert.Contains("Waiting for another PassthroughWeb process", message, StringComparison.Ordinal);
        Assert.Contains(PassthroughDatabase.PathIn(temp.Path), message, StringComparison.Ordinal);
        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
    }

    [Fact]
    public async Task AcquireLock_HeldPastTheLimit_GivesUpNamingTheLockFile()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        PassthroughDatabase.EnsureDirectory(temp.Path);
        using var held = await DatabaseMigrationLock.AcquireAsync(temp.Path, null, ct);

        var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => DatabaseMigrationLock.AcquireAsync(temp.Path, null, ct, giveUpAfter: TimeSpan.FromMilliseconds(300)));

        Assert.Contains(DatabaseMigrationLock.PathIn(temp.Path), refused.Message, StringComparison.Ordinal);
        Assert.StartsWith($"The database {PassthroughDatabase.PathIn(temp.Path)} cannot be used: another process", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotADatabase_SaysWhichFileAndWhatToDoAndLeavesItAlone()
    {
        using var temp = new TemporaryDataDirectory();
        PassthroughDatabase.EnsureDirectory(temp.Path);
        var path = PassthroughDatabase.PathIn(temp.Path);
        // A text file where the database should be: someone's notes, or a copy gone wrong.
        await File.WriteAllTextAsync(path, "not a database" + new string('#', 4096), TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken));

        Assert.Equal(path, refused.DatabasePath);
        Assert.Contains("is not a SQLite database", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"mv {path} {path}.damaged", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("not a database", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string Normalize(string script) => script.ReplaceLineEndings("\n").Trim();

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static bool IsLocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(20, ct);
        }
    }

    private static List<string> Schema(string dataDirectory) =>
        Rows(dataDirectory, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY type, name");

    private static List<string> Rows(string dataDirectory, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(PassthroughDatabase.ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        return rows;
    }

    [Fact]
    public async Task OpenAsync_MigratedDataDirectory_SkipsMigrate()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        PassthroughDatabase.EnsureDirectory(temp.Path);
        await using (var db = new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), temp.Path).Options))
        {
            await db.Database.MigrateAsync(ct);
        }
        Execute(temp.Path, $"DROP TABLE \"{MigrationLockTable}\"");

        await (await PassthroughDatabase.OpenAsync(temp.Path, ct)).DisposeAsync();
        await PassthroughDatabase.EnsureMigratedAsync(temp.Path, ct);

        Assert.False(TableExists(temp.Path, MigrationLockTable));
    }

    [Fact]
    public async Task OpenAsync_DatabaseOfAnOlderSchema_AppliesTheNewerMigrations()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        var older = PassthroughDatabase.MigrationIds[1];
        await using (var db = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            // Back to the schema of an older version, which had neither users nor sign-in settings.
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(older, cancellationToken: ct);
        }
        Assert.False(TableExists(temp.Path, "AspNetUsers"));
        Assert.True(PassthroughDatabase.HasPendingMigrations(temp.Path));

        await using var reopened = await PassthroughDatabase.OpenAsync(temp.Path, ct);

        Assert.Equal(PassthroughDatabase.MigrationIds, await reopened.Database.GetAppliedMigrationsAsync(ct));
        Assert.True(TableExists(temp.Path, "AspNetUsers"));
        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
    }

    [Fact]
    public async Task EnsureMigratedAsync_DatabaseOfAnOlderSchema_AppliesTheNewerMigrations()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await PassthroughDatabase.OpenAsync(temp.Path, ct))
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(PassthroughDatabase.MigrationIds[0], cancellationToken: ct);
        }

        await PassthroughDatabase.EnsureMigratedAsync(temp.Path, ct);

        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
        Assert.True(TableExists(temp.Path, "SignInSettings"));
    }

    [Fact]
    public async Task HasPendingMigrations_DatabaseOfANewerVersion_IsFalseAsForEfCore()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await (await PassthroughDatabase.OpenAsync(temp.Path, ct)).DisposeAsync();
        Execute(temp.Path, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '10.0.0')");

        Assert.False(PassthroughDatabase.HasPendingMigrations(temp.Path));
    }

    private static bool TableExists(string dataDirectory, string table)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(PassthroughDatabase.ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! == 1;
    }

    private static void Execute(string dataDirectory, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(PassthroughDatabase.ConnectionStringFor(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
