using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>Storage pools and volumes through <c>virsh</c>: what a new VM's disk needs to be planned, created and removed again.</summary>
public sealed class LibvirtStorage(Virsh virsh)
{
    private readonly Virsh _virsh = virsh ?? throw new ArgumentNullException(nameof(virsh));

    /// <summary>Every defined pool's name, active or not.</summary>
    public Task<LibvirtResult<IReadOnlyList<string>>> ListPoolsAsync(CancellationToken cancellationToken) =>
        _virsh.ListNamesAsync(["pool-list", "--all", "--name"], cancellationToken);

    /// <summary>The pool's type, state, directory and free space; null value when no pool has that name.</summary>
    public async Task<LibvirtResult<StoragePool?>> GetPoolAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = await ListPoolsAsync(cancellationToken).ConfigureAwait(false);
        if (!names.Succeeded) return new LibvirtResult<StoragePool?> { Error = names.Error };
        if (!names.GetValue().Contains(name, StringComparer.Ordinal)) return new LibvirtResult<StoragePool?> { Value = null };

        var active = await _virsh.ListNamesAsync(["pool-list", "--name"], cancellationToken).ConfigureAwait(false);
        if (!active.Succeeded) return new LibvirtResult<StoragePool?> { Error = active.Error };
        var xml = await _virsh.RunAsync(["pool-dumpxml", "--pool", name], cancellationToken).ConfigureAwait(false);
        if (!xml.Succeeded) return new LibvirtResult<StoragePool?> { Error = xml.Error };
        XElement pool;
        try
        {
            pool = XDocument.Parse(xml.GetValue()).Root!;
        }
        catch (XmlException e)
        {
            return new LibvirtResult<StoragePool?> { Error = new LibvirtError { Kind = LibvirtErrorKind.Failed, Message = $"virsh pool-dumpxml gave XML that does not parse: {e.Message}", Detail = xml.GetValue() } };
        }
        var available = pool.Element("available");
        return new LibvirtResult<StoragePool?>
        {
            Value = new StoragePool
            {
                Name = name,
                Type = (string?)pool.Attribute("type") ?? "",
                Active = active.GetValue().Contains(name, StringComparer.Ordinal),
                TargetPath = pool.Element("target")?.Element("path")?.Value,
                AvailableBytes = available is not null && (string?)available.Attribute("unit") is null or "bytes" &&
                                 long.TryParse(available.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null,
            },
        };
    }

    /// <summary>
    /// The path of the volume when the pool has it, null when it does not. The pool is refreshed first, so an image
    /// file put into its directory by hand is seen too (creating over it would fail).
    /// </summary>
    public async Task<LibvirtResult<string?>> FindVolumeAsync(string pool, string volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(volume);
        var refreshed = await _virsh.RunAsync(["pool-refresh", "--pool", pool], cancellationToken).ConfigureAwait(false);
        if (!refreshed.Succeeded) return new LibvirtResult<string?> { Error = refreshed.Error };
        var path = await _virsh.RunAsync(["vol-path", "--pool", pool, "--vol", volume], cancellationToken).ConfigureAwait(false);
        if (path.Succeeded) return new LibvirtResult<string?> { Value = path.GetValue().Trim() };
        return IsNoSuchVolume(path.Error.Detail) ? new LibvirtResult<string?> { Value = null } : new LibvirtResult<string?> { Error = path.Error };
    }

    /// <summary>
    /// Creates a new, sparse image of the volume's size and format; returns the path it got. This is <c>virsh
    /// vol-create</c> with volume XML written here, not <c>vol-create-as</c>: vol-create-as pastes the name into its XML
    /// unescaped, so a name with '&amp;' or '&lt;' fails to parse (seen with libvirt 9.0).
    /// </summary>
    public async Task<LibvirtResult<string>> CreateVolumeAsync(Changes.DiskVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var xml = new XElement("volume",
            new XElement("name", volume.Name),
            new XElement("capacity", new XAttribute("unit", "bytes"), volume.CapacityBytes),
            new XElement("target", new XElement("format", new XAttribute("type", volume.Format))));
        LibvirtResult<string> created;
        using (var file = Host.TemporaryFile.Create(xml.ToString(), ".xml"))
            created = await _virsh.RunAsync(["vol-create", "--pool", volume.Pool, "--file", file.Path], cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded) return created;
        var path = await _virsh.RunAsync(["vol-path", "--pool", volume.Pool, "--vol", volume.Name], cancellationToken).ConfigureAwait(false);
        return path.Succeeded ? new LibvirtResult<string> { Value = path.GetValue().Trim() } : path;
    }

    /// <summary><c>virsh vol-delete</c>; deleting a volume that is already gone succeeds (a rollback may run twice).</summary>
    public async Task<LibvirtResult<string>> DeleteVolumeAsync(string pool, string volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(volume);
        var found = await FindVolumeAsync(pool, volume, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded) return new LibvirtResult<string> { Error = found.Error };
        if (found.GetValue() is null) return new LibvirtResult<string> { Value = "" };
        return await _virsh.RunAsync(["vol-delete", "--pool", pool, "--vol", volume], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>libvirt 9 says "Storage volume not found: no storage vol with matching path/name …".</summary>
    private static bool IsNoSuchVolume(string detail) =>
        detail.Contains("Storage volume not found", StringComparison.OrdinalIgnoreCase) ||
        detail.Contains("no storage vol with matching", StringComparison.OrdinalIgnoreCase);
}
