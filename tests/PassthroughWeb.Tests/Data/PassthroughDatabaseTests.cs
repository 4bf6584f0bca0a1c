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
    public async Task OpenAsync_FreshDataDirectory_Migrates()
    {
        using var temp = new TemporaryDataDirectory();

        await (await PassthroughDatabase.OpenAsync(temp.Path, TestContext.Current.CancellationToken)).DisposeAsync();

        Assert.True(TableExists(temp.Path, MigrationLockTable));
        Assert.True(TableExists(temp.Path, "HardwareProfiles"));
    }

    [Fact]
    public async Task OpenAsync_MigratedDataDirectory_SkipsMigrate()
    {
        using var temp = new TemporaryDataDirectory();
        var ct = TestContext.Current.CancellationToken;
        await (await PassthroughDatabase.OpenAsync(temp.Path, ct)).DisposeAsync();
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
