using System.Text.Json;

namespace PassthroughWeb.Services.Locking;

/// <summary>
/// A held change lock of one host. Disposing it clears the holder's note and closes the lock file, which releases the
/// lock; a process that dies without disposing has its lock released by the kernel.
/// </summary>
public sealed class HostChangeLease : IDisposable, IAsyncDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderPath;
    private readonly Lock _gate = new();
    private bool _released;

    internal HostChangeLease(FileStream @lock, string holderPath, HostLockHolder holder)
    {
        _lock = @lock;
        _holderPath = holderPath;
        Holder = holder;
    }

    public HostLockHolder Holder { get; private set; }

    /// <summary>Names the change set in the holder's note once it is recorded, so that whoever is refused can look it up.</summary>
    public async Task RecordChangeSetAsync(Guid changeSetId, CancellationToken ct)
    {
        HostLockHolder holder;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_released, this);
            holder = Holder = Holder with { ChangeSetId = changeSetId };
        }
        await WriteHolderAsync(_holderPath, holder, ct).ConfigureAwait(false);
    }

    internal static Task WriteHolderAsync(string path, HostLockHolder holder, CancellationToken ct) =>
        Configuration.PrivateDataFiles.WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(holder, LockingJsonContext.Default.HostLockHolder), ct);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_released) return;
            _released = true;
        }
        // The note goes first, while the lock is still held: the next holder's note is never the one deleted.
        Configuration.PrivateDataFiles.TryDelete(_holderPath);
        _lock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
