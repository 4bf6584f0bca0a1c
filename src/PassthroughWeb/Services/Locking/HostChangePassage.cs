namespace PassthroughWeb.Services.Locking;

/// <summary>A host taken by <see cref="HostChangeGate"/> (let go on dispose), or, when <see cref="Refusal"/> is set, who holds it instead.</summary>
public sealed class HostChangePassage(HostChangeLease? lease, HostLockRefusal? refusal, Action? released) : IAsyncDisposable
{
    public HostLockRefusal? Refusal => refusal;

    public async ValueTask DisposeAsync()
    {
        if (lease is null) return;
        await lease.DisposeAsync();
        released?.Invoke();
    }
}
