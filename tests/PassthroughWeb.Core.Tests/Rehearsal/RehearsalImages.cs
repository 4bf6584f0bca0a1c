using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// Rehearsal images built once and booted by several tests (a case that only changes the QEMU side reuses the
/// image): each is a host, our planner's plan for it, and the prepared image. All are removed at the end.
/// </summary>
public sealed class RehearsalImages : IAsyncDisposable
{
    private readonly Dictionary<string, Task<Built>> _built = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public sealed record Built(RehearsalHost Host, HostChangePlanResult Plan, PreparedRehearsal Prepared);

    /// <summary>The image for the card that is not <paramref name="hostDisplay"/>, as our planner plans it, built once.</summary>
    public Task<Built> GetAsync(InitramfsSystem system, CpuVendor cpu, PciAddress hostDisplay, bool uniqueIds = false, Func<ChangeVariation, HostChangePlanResult>? vary = null, string? variation = null)
    {
        var key = $"{system}/{cpu}/{hostDisplay}/{uniqueIds}/{variation}";
        lock (_gate)
        {
            if (!_built.TryGetValue(key, out var task)) _built[key] = task = BuildAsync(system, cpu, hostDisplay, uniqueIds, vary);
            return task;
        }
    }

    public static RehearsalRunner Runner { get; } = new(new ProcessCommandRunner());

    private static async Task<Built> BuildAsync(InitramfsSystem system, CpuVendor cpu, PciAddress hostDisplay, bool uniqueIds, Func<ChangeVariation, HostChangePlanResult>? vary)
    {
        var host = await RehearsalHost.CreateAsync(system, cpu, hostDisplay, uniqueIds, CancellationToken.None);
        var card = hostDisplay == RehearsalHost.Slot3 ? RehearsalHost.Slot4 : RehearsalHost.Slot3;
        var (scan, plan) = host.PlanFor(card);
        if (vary is not null) plan = vary(new ChangeVariation(plan));
        var preparation = await Runner.PrepareAsync(new RehearsalRequest { Root = host.Root, Scan = scan, Plan = plan }, null, CancellationToken.None);
        Assert.True(preparation.Prepared is not null, $"{preparation.Failure?.Summary}\n{preparation.Failure?.ImageLog}");
        return new Built(host, plan, preparation.Prepared);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var task in _built.Values)
        {
            try
            {
                var built = await task;
                built.Prepared.Dispose();
                built.Host.Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A build that failed has already failed its tests; there is nothing of it to remove.
            }
        }
    }
}
