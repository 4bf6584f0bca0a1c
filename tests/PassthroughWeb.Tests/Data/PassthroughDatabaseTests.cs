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
}
