using System.Text.Json;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Rehearsal;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// One real <c>rehearse --json</c> run, shared by the tests that read it: a fixture root holding Debian's real kernel
/// package (image, config, module tree) and the guide's workstation in miniature (two 1234:1111 displays), the card at
/// 00:04.0, initramfs-tools, under TCG (<c>--accel tcg</c>: what is checked here must not depend on this machine's KVM;
/// <see cref="RehearseAcceleratorTests"/> covers the accelerators). Its history is read once after it.
/// </summary>
public sealed class RehearseCommandRun : IAsyncLifetime
{
    private readonly TemporaryDataDirectory _data = new();
    private RehearsalHost? _host;

    internal CliRun Run { get; private set; } = null!;
    internal CliRun History { get; private set; } = null!;
    public JsonElement Report => JsonDocument.Parse(Run.StandardOutput).RootElement;
    public string HostPath => _host!.Path;

    public async ValueTask InitializeAsync()
    {
        _host = await RehearsalHost.CreateAsync(InitramfsSystem.InitramfsTools, CpuVendor.Intel, RehearsalHost.Slot3, uniqueIds: false, CancellationToken.None);
        Run = await CliRun.RunAsync("rehearse", "--gpu", "00:04.0", "--steps", "host,isolate", "--root", _host.Path, "--json", "--data", _data.Path, "--timeout", "150", "--accel", "tcg");
        History = await CliRun.RunAsync("history", "--root", _host.Path, "--json", "--data", _data.Path);
    }

    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
