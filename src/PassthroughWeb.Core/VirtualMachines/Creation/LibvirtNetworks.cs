namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>libvirt's virtual networks through <c>virsh net-list</c>.</summary>
public sealed class LibvirtNetworks(Virsh virsh)
{
    private readonly Virsh _virsh = virsh ?? throw new ArgumentNullException(nameof(virsh));

    /// <summary>Every defined network with its state.</summary>
    public async Task<LibvirtResult<IReadOnlyList<VirtualNetwork>>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await _virsh.ListNamesAsync(["net-list", "--all", "--name"], cancellationToken).ConfigureAwait(false);
        if (!all.Succeeded) return new LibvirtResult<IReadOnlyList<VirtualNetwork>> { Error = all.Error };
        var active = await _virsh.ListNamesAsync(["net-list", "--name"], cancellationToken).ConfigureAwait(false);
        if (!active.Succeeded) return new LibvirtResult<IReadOnlyList<VirtualNetwork>> { Error = active.Error };
        var running = active.GetValue().ToHashSet(StringComparer.Ordinal);
        return new LibvirtResult<IReadOnlyList<VirtualNetwork>>
        {
            Value = all.GetValue().Select(n => new VirtualNetwork { Name = n, Active = running.Contains(n) }).ToList(),
        };
    }
}
