using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Cli;

/// <summary>
/// The engine a verb works with: the same registration as the web app's (<see cref="EngineRegistration"/>), on the
/// verb's data directory, with the CLI's command runner and policy. Disposing it disposes what the container made.
/// </summary>
internal sealed class CliEngine(ServiceProvider provider) : IDisposable
{
    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    public void Dispose() => provider.Dispose();

    /// <summary>
    /// Opens (and migrates) the data directory's database, builds the engine on it and finishes first any change set a
    /// crash left incomplete (<see cref="PrepareDataDirectoryAsync"/>); <paramref name="connection"/> is <c>--connect</c>
    /// (null: qemu:///system). Null and a message when the data directory cannot be used.
    /// </summary>
    public static async Task<CliEngine?> OpenAsync(CliServices services, string dataDirectory, string? connection, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (await StepCommandSupport.OpenDatabaseAsync(services, dataDirectory, error, ct).ConfigureAwait(false) is not { } database) return null;
        var engine = Build(services, database, connection);
        if (await engine.RecoverAsync(services, dataDirectory, error, ct).ConfigureAwait(false)) return engine;
        engine.Dispose();
        return null;
    }

    /// <summary>
    /// For the verbs that work on the database without the engine (<c>scan</c>, <c>user</c>, <c>token</c>): migrates it and
    /// finishes any change set a crash left incomplete, so no door opens the data directory without doing so. False
    /// after saying why the data directory cannot be used; else the database it prepared.
    /// </summary>
    public static async Task<DatabaseLocation?> PrepareDataDirectoryAsync(CliServices services, string dataDirectory, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (await StepCommandSupport.OpenDatabaseAsync(services, dataDirectory, error, ct).ConfigureAwait(false) is not { } database) return null;
        // One plain query: building the engine's container for nothing would cost these verbs part of their start.
        if (!EfChangeJournal.HasIncomplete(database)) return database;
        using var engine = Build(services, database, connection: null);
        return await engine.RecoverAsync(services, dataDirectory, error, ct).ConfigureAwait(false) ? database : null;
    }

    private static CliEngine Build(CliServices services, DatabaseLocation database, string? connection)
    {
        var options = new EngineOptions { DataDirectory = database.DataDirectory, Database = database, CommandPolicy = services.CommandPolicy };
        if (!string.IsNullOrWhiteSpace(connection)) options = options with { LibvirtConnection = connection.Trim(), LibvirtConnectionNamed = true };
        var collection = new ServiceCollection();
        collection.AddPassthroughEngine(options, services.CommandRunner);
        return new CliEngine(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>Recovery of interrupted change sets, said on stderr: the verb's own output stays what it always is.</summary>
    private async Task<bool> RecoverAsync(CliServices services, string dataDirectory, TextWriter error, CancellationToken ct)
    {
        try
        {
            foreach (var recovered in await Get<RecoveryOperation>().RecoverInterruptedAsync(services.Actor, ct).ConfigureAwait(false))
            {
                await error.WriteLineAsync(
                    $"Change set {recovered.ChangeSetId} of {recovered.Host} had been interrupted (the program stopped before it finished) and was recovered first: " +
                    $"{recovered.Summary} It is in the history.").ConfigureAwait(false);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync(
                $"A change set a crash left incomplete could not be recovered in the data directory '{dataDirectory}': {e.Message} " +
                "Nothing else was done; fix the cause and run again (every verb tries the recovery first).").ConfigureAwait(false);
            return false;
        }
    }
}
