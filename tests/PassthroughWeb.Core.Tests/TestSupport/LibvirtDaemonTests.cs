namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>The daemon the VM tests rely on really defines and forgets domains.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class LibvirtDaemonTests(LibvirtDaemon daemon)
{
    [Fact]
    public async Task Daemon_DefinesAndUndefinesADomain()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("harness");
        var xml = Path.Combine(Path.GetTempPath(), name + ".xml");
        await File.WriteAllTextAsync(xml, $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='q35'>hvm</type></os></domain>", TestContext.Current.CancellationToken);
        try
        {
            await daemon.MustAsync("define", "--validate", xml);
            Assert.Contains(name, await daemon.MustAsync("list", "--all", "--name"), StringComparison.Ordinal);
            await daemon.MustAsync("undefine", name);
            Assert.DoesNotContain(name, await daemon.MustAsync("list", "--all", "--name"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(xml);
        }
    }
}
