using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// A small VM defined on the real libvirtd for a test: q35, legacy BIOS, no disk and no host devices (what a user has
/// before step 4), type 'qemu' since there is no KVM here. Destroyed (if it runs) and undefined on dispose.
/// </summary>
internal sealed class TestDomain : IAsyncDisposable
{
    private readonly LibvirtDaemon _daemon;

    private TestDomain(LibvirtDaemon daemon, string name)
    {
        _daemon = daemon;
        Name = name;
    }

    public string Name { get; }

    public static async Task<TestDomain> DefineAsync(LibvirtDaemon daemon, string purpose)
    {
        var domain = new TestDomain(daemon, LibvirtDaemon.NewDomainName(purpose));
        var file = Path.Combine(Path.GetTempPath(), domain.Name + ".xml");
        await File.WriteAllTextAsync(file,
            $"<domain type='qemu'><name>{domain.Name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>" +
            "<os><type arch='x86_64' machine='q35'>hvm</type></os>" +
            "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>");
        try
        {
            await daemon.MustAsync("define", "--file", file);
        }
        finally
        {
            File.Delete(file);
        }
        return domain;
    }

    /// <summary>The persistent definition, as libvirt holds it now.</summary>
    public Task<string> InactiveXmlAsync() => _daemon.MustAsync("dumpxml", "--inactive", "--domain", Name);

    public async ValueTask DisposeAsync()
    {
        await _daemon.VirshAsync("destroy", "--domain", Name);
        await _daemon.VirshAsync("undefine", "--nvram", "--domain", Name);
    }
}
