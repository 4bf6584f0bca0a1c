using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Browser;

/// <summary>
/// A real libvirtd (started by the tests, stopped by its PID) and the app started against it as a user starts it:
/// <c>serve --demo --connect qemu:///system</c>. The demo still uses the libvirtd of its own that the app starts for it.
/// </summary>
public sealed class VmBrowserFixture : IAsyncLifetime
{
    public LibvirtDaemon Daemon { get; } = new();

    public RunningApp App { get; } = new(["--connect", LibvirtDaemon.Uri]);

    public async ValueTask InitializeAsync()
    {
        await Daemon.InitializeAsync();
        if (Daemon.Unavailable is null) await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.DisposeAsync();
        }
        finally
        {
            await Daemon.DisposeAsync();
        }
    }
}
