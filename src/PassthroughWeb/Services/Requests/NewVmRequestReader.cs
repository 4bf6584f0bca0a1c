using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Services.Requests;

/// <summary>
/// Reads the form of a new VM (<c>create-vm</c>'s options, the API's body) into the planner's request, or says what is
/// accepted. The CLI and the HTTP API both come through here, so they accept the same forms; only the names of the
/// fields in the messages differ (<see cref="StepRequestWords"/>). What the planner judges (an ISO that is not there,
/// more CPUs than the host has) it says in the plan's findings.
/// </summary>
public static class NewVmRequestReader
{
    /// <param name="windows">10 or 11; null: 11.</param>
    /// <param name="memory">A size as people type it (8G, 8192M, a plain number is GiB); null: the planner's default.</param>
    /// <param name="network">A libvirt network by name, or <c>bridge:BR</c> for a host bridge; null: libvirt's NAT network.</param>
    public static NewVmRequest? Read(string? name, string? iso, string? gpu, string? windows, int? vcpus, string? memory, string? disk, string? pool, string? network,
        string? virtioIso, StepRequestWords words, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = $"{words.Field("name")} is required: the new VM's name (win11).";
            return null;
        }
        if (string.IsNullOrWhiteSpace(iso))
        {
            problem = $"{words.Field("iso")} is required: the Windows installation ISO, as an absolute path on the host.";
            return null;
        }
        PciAddress? card = null;
        if (gpu is not null)
        {
            if (StepRequestReader.ReadGpu(gpu, out problem) is not { } parsed) return null;
            card = parsed;
        }
        var version = (windows ?? "11").Trim() switch
        {
            "10" => WindowsVersion.Windows10,
            "11" => WindowsVersion.Windows11,
            _ => (WindowsVersion?)null,
        };
        if (version is null)
        {
            problem = $"{words.Field("windows")} {windows}: give 10 or 11.";
            return null;
        }
        long? memoryBytes = null, diskBytes = null;
        foreach (var (field, text, set) in new (string Field, string? Text, Action<long> Set)[] { ("memory", memory, v => memoryBytes = v), ("disk", disk, v => diskBytes = v) })
        {
            if (text is null) continue;
            if (ByteSize.TryParse(text) is not { } bytes || bytes <= 0)
            {
                problem = $"{words.Field(field)} {text}: give a size such as 8G, 8GiB or 8192M (a plain number is GiB).";
                return null;
            }
            set(bytes);
        }
        var networkText = string.IsNullOrWhiteSpace(network) ? VmNetwork.DefaultNat.Name : network.Trim();
        var vmNetwork = networkText.StartsWith("bridge:", StringComparison.Ordinal)
            ? VmNetwork.HostBridge(networkText["bridge:".Length..])
            : new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = networkText };
        problem = null;
        return new NewVmRequest
        {
            Name = name,
            Windows = version.Value,
            InstallIsoPath = iso,
            VirtioWinIsoPath = virtioIso,
            Gpu = card,
            VirtualCpus = vcpus,
            MemoryBytes = memoryBytes,
            DiskBytes = diskBytes,
            StoragePool = string.IsNullOrWhiteSpace(pool) ? NewVmRequest.DefaultPool : pool,
            Network = vmNetwork,
        };
    }
}
