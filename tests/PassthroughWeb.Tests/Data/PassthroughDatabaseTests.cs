using Microsoft.EntityFrameworkCore;
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
}
