using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PassthroughWeb.Data;

namespace PassthroughWeb.Migrations.Postgres;

/// <summary>
/// Lets <c>dotnet ef</c> build the context on PostgreSQL without starting the app or a server: generating migrations
/// never connects. The connection string only matters for <c>dotnet ef database update</c> (give it as the first argument).
/// </summary>
public sealed class PostgreSqlContextFactory : IDesignTimeDbContextFactory<PassthroughDbContext>
{
    public PassthroughDbContext CreateDbContext(string[] args)
    {
        var connection = args is [var first, ..] ? first : "Host=localhost;Database=passthroughweb;Username=passthroughweb";
        var database = DatabaseLocation.PostgreSql(connection, Path.Combine(Path.GetTempPath(), "passthroughweb-design"));
        var options = PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), database).Options;
        return new PassthroughDbContext((DbContextOptions<PassthroughDbContext>)options);
    }
}
