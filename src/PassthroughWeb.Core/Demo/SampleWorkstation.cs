using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Demo;

/// <summary>
/// The workstation of the GPU passthrough guide, as a host tree: Intel Comet Lake, an RX 6750 XT (03:00.0)
/// driving the host's display and an RX 6600 (07:00.0) meant for the guest, both still on amdgpu as before
/// step 3; IOMMU on with <c>intel_iommu=on iommu=pt</c> as the guide sets it. Its devices and groups are the
/// guide's own listing, embedded as a resource.
/// </summary>
public static class SampleWorkstation
{
    public const string HostName = "sample-workstation";
    public const string ListingResource = "PassthroughWeb.Core.Demo.gpu-passthrough-guide-iommu-groups.txt";

    private static readonly Lazy<string> Text = new(ReadListing);
    private static readonly Lazy<IommuListing> Parsed = new(() => IommuListing.Parse(Text.Value));

    /// <summary>The guide's listing, as the guide prints it.</summary>
    public static string ListingText => Text.Value;

    public static IommuListing Listing => Parsed.Value;

    public static PciAddress HostGpu { get; } = new(0, 0x03, 0x00, 0);
    public static PciAddress GuestGpu { get; } = new(0, 0x07, 0x00, 0);

    public static HostTreeSpec Spec => new()
    {
        Listing = Listing,
        HostName = HostName,
        CpuVendor = CpuVendor.Intel,
        // The host bridge is a Comet Lake-S 6-core (8086:9b33) on an MSI Z490 board.
        CpuModel = "Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz",
        LogicalCpus = 12,
        HardwareVirtualization = true,
        KernelCommandLine = "initrd=\\intel-ucode.img initrd=\\initramfs-linux.img root=UUID=5c0f3e2a-8d4b-4f7e-9a61-2b7d0c9e1f43 rw quiet splash intel_iommu=on iommu=pt",
        IommuEnabled = true,
        FirmwareTable = FirmwareIommuTable.Dmar,
        BootVga = HostGpu,
        Drivers = new Dictionary<PciAddress, string>
        {
            [new(0, 0x00, 0x01, 0)] = "pcieport",
            [new(0, 0x01, 0x00, 0)] = "pcieport",
            [new(0, 0x02, 0x00, 0)] = "pcieport",
            [HostGpu] = "amdgpu",
            [HostGpu with { Function = 1 }] = "snd_hda_intel",
            [GuestGpu] = "amdgpu",
            [GuestGpu with { Function = 1 }] = "snd_hda_intel",
        },
    };

    /// <summary>Writes the workstation into <paramref name="directory"/>, which must exist and be empty, and returns it as a host root.</summary>
    public static HostRoot Build(string directory)
    {
        var root = new HostRoot(directory);
        if (root.ListNames("/").Count > 0)
            throw new ArgumentException($"'{directory}' is not empty: the sample workstation is written into an empty directory.", nameof(directory));
        HostTreeWriter.Write(root, Spec);
        return root;
    }

    private static string ReadListing()
    {
        using var stream = typeof(SampleWorkstation).Assembly.GetManifestResourceStream(ListingResource)
            ?? throw new InvalidOperationException($"The resource {ListingResource} is missing from {typeof(SampleWorkstation).Assembly.GetName().Name}: the build lost it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
