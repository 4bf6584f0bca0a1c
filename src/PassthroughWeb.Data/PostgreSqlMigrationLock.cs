using Npgsql;

namespace PassthroughWeb.Data;

/// <summary>
/// <see cref="DatabaseMigrationLock"/> for a PostgreSQL database, which several hub instances on several machines may
/// start against at once: a session advisory lock (<c>pg_try_advisory_lock</c>) on a connection of its own, outside the
/// pool, held until disposed. The server releases it when that connection ends, however its holder ends, so it can
/// never be left behind. Waiters poll, say once why they wait, and give up as the file lock's waiters do.
/// </summary>
public sealed class PostgreSqlMigrationLock : IDisposable
{
    /// <summary>The lock's key: the app's own number among the database's advisory locks ("PTW" + 1).</summary>
    public const long Key = 0x50_54_57_01;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly NpgsqlConnection _connection;

    private PostgreSqlMigrationLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgreSqlMigrationLock> AcquireAsync(DatabaseLocation database, Action<string>? waiting, CancellationToken ct, TimeSpan? giveUpAfter = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        // Out of the pool: a pooled connection would go back with the lock still held by its session.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var said = false;
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            while (!(bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (waited >= (giveUpAfter ?? DatabaseMigrationLock.GiveUpAfter))
                {
                    throw new DatabaseUnavailableException(database.Name,
                        $"another hub instance has been preparing it for {waited.TotalSeconds:F0} s and still holds its migration lock",
                        $"Find it with `SELECT pid, client_addr FROM pg_locks JOIN pg_stat_activity USING (pid) WHERE locktype = 'advisory' AND objid = {Key}`, let it finish or stop it, then start again.");
                }
                if (!said && waited >= DatabaseMigrationLock.SayAfter)
                {
                    said = true;
                    waiting?.Invoke($"Waiting for another PassthroughWeb instance to finish preparing the database {database.Name} (it holds the migration lock; the lock goes when that instance's connection ends).");
                }
                await Task.Delay(Poll, ct).ConfigureAwait(false);
            }
            return new PostgreSqlMigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Closing the session releases its advisory locks.
    public void Dispose() => _connection.Dispose();
}
