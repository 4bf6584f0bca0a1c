using Microsoft.Data.Sqlite;

namespace PassthroughWeb.Data;

/// <summary>
/// The SQL that EF Core generates from every migration (<c>dotnet ef migrations script</c>), kept in the migrations
/// assembly beside them: a new database is created by running it, which takes milliseconds, where EF Core's Migrate
/// first builds its model (seconds of a CLI verb's start). Each migration in it is one transaction that also records
/// itself in <c>__EFMigrationsHistory</c>, so a process killed halfway leaves a database EF Core's Migrate finishes.
/// A test fails when the script is not what EF Core generates from the migrations of this build, and says how to
/// write it again.
/// </summary>
public static class DatabaseSchemaScript
{
    /// <summary>The file in migrations/PassthroughWeb.Migrations, and the name of its embedded resource.</summary>
    public const string FileName = "create-database.sql";

    public static string Text => LazyText.Value;

    private static readonly Lazy<string> LazyText = new(() =>
    {
        var assembly = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(PassthroughDatabase.MigrationsAssembly));
        using var stream = assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"The migrations assembly carries no {FileName}: the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Runs the script on the (empty) database of <paramref name="connectionString"/>.</summary>
    public static void ApplyTo(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Text;
        command.ExecuteNonQuery();
    }
}
