using System.Globalization;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>
/// A directory storage pool in a temporary directory and a NAT network (defined, not started: starting it needs
/// dnsmasq) on the real libvirtd, removed with their volumes and the domains the test names on dispose. The pool has a
/// name real hosts use (<c>images</c> unless the test names another, such as <c>default</c>): virsh pads short pool
/// names in its listings, and a generated name of exactly 20 characters once hid that. The test classes hold the
/// daemon in turns, so a fixed name is free; a pool of that name that is not a leftover of ours (a developer's own
/// <c>default</c>) skips the test rather than being touched.
/// </summary>
public sealed class LibvirtScratch : IAsyncDisposable
{
    private readonly LibvirtDaemon _daemon;
    private readonly List<string> _domains = [];

    private LibvirtScratch(LibvirtDaemon daemon, string pool, string poolDirectory, string network)
    {
        _daemon = daemon;
        Pool = pool;
        PoolDirectory = poolDirectory;
        Network = network;
    }

    public string Pool { get; }
    public string PoolDirectory { get; }
    public string Network { get; }

    /// <summary>The temporary directories scratch pools live in: a pool pointing into one is a leftover of a killed run.</summary>
    private const string DirectoryPrefix = "pwtest-pool-";

    public static async Task<LibvirtScratch> CreateAsync(LibvirtDaemon daemon, string pool = "images")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await RemoveLeftoverPoolAsync(daemon, pool);
        var directory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        // QEMU runs as libvirt-qemu: it must be able to reach the images (a temporary directory is made 0700).
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var scratch = new LibvirtScratch(daemon, pool, directory, $"{LibvirtDaemon.DomainPrefix}nat-network-{suffix}");
        await daemon.MustAsync("pool-define-as", "--name", scratch.Pool, "--type", "dir", "--target", directory);
        await daemon.MustAsync("pool-start", "--pool", scratch.Pool);
        // A /24 that no real LAN here uses; the network is only defined, so nothing listens on it.
        var octet = 100 + (int.Parse(suffix[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 100);
        var xml = Path.Combine(directory, "network.xml");
        await File.WriteAllTextAsync(xml,
            $"<network><name>{scratch.Network}</name><forward mode='nat'/><ip address='192.168.{octet}.1' netmask='255.255.255.0'/></network>");
        await daemon.MustAsync("net-define", "--file", xml);
        File.Delete(xml);
        return scratch;
    }

    /// <summary>A pool of that name from a killed run of ours is removed; anyone else's skips the test.</summary>
    private static async Task RemoveLeftoverPoolAsync(LibvirtDaemon daemon, string pool)
    {
        var xml = await daemon.VirshAsync("pool-dumpxml", "--pool", pool);
        if (!xml.Succeeded) return;
        var target = System.Xml.Linq.XDocument.Parse(xml.StandardOutput).Root?.Element("target")?.Element("path")?.Value ?? "";
        if (!Path.GetFileName(target).StartsWith(DirectoryPrefix, StringComparison.Ordinal) || !target.StartsWith(Path.GetTempPath(), StringComparison.Ordinal))
            Assert.Skip($"This libvirtd already has its own storage pool '{pool}' (at {target}); the test leaves it alone.");
        await daemon.VirshAsync("pool-destroy", "--pool", pool);
        await daemon.VirshAsync("pool-undefine", "--pool", pool);
    }

    /// <summary>A domain the test defines (or the code under test defines): undefined on dispose.</summary>
    public void Track(string domain) => _domains.Add(domain);

    public async ValueTask DisposeAsync()
    {
        foreach (var domain in _domains) await _daemon.VirshAsync("undefine", "--nvram", "--tpm", "--domain", domain);
        var volumes = Directory.Exists(PoolDirectory) ? Directory.GetFiles(PoolDirectory) : [];
        foreach (var volume in volumes) await _daemon.VirshAsync("vol-delete", "--pool", Pool, "--vol", Path.GetFileName(volume));
        await _daemon.VirshAsync("pool-destroy", "--pool", Pool);
        await _daemon.VirshAsync("pool-undefine", "--pool", Pool);
        await _daemon.VirshAsync("net-undefine", "--network", Network);
        try
        {
            Directory.Delete(PoolDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
