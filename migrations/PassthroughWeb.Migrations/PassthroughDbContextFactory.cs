using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PassthroughWeb.Data;

namespace PassthroughWeb.Migrations;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the app. The database path only matters for
/// <c>dotnet ef database update</c>; generating migrations never opens it.
/// </summary>
public sealed class PassthroughDbContextFactory : IDesignTimeDbContextFactory<PassthroughDbContext>
{
    public PassthroughDbContext CreateDbContext(string[] args)
    {
        var dataDirectory = args is [var first, ..] ? first : Path.Combine(Path.GetTempPath(), "passthroughweb-design");
        PassthroughDatabase.EnsureDirectory(dataDirectory);
        var options = PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), dataDirectory).Options;
        return new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)options);
    }
}
