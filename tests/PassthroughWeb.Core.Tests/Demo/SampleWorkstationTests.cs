using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Demo;

public sealed class SampleWorkstationTests
{
    [Fact]
    public void Listing_EmbeddedResource_IsTheGuidesListingLineForLine()
    {
        var guide = File.ReadAllText(RepositoryPaths.RequireGuide());

        Assert.Contains(SampleWorkstation.ListingText, guide, StringComparison.Ordinal);
        Assert.Equal(
            IommuListing.Parse(guide).Entries.Select(e => (e.Address, e.Group, e.VendorDevice, e.Revision, e.Name)),
            SampleWorkstation.Listing.Entries.Select(e => (e.Address, e.Group, e.VendorDevice, e.Revision, e.Name)));
    }

    [Fact]
    public void Listing_HasTheGuidesTwoCardsAndFourGroups()
    {
        Assert.Empty(SampleWorkstation.Listing.Problems);
        Assert.Equal(8, SampleWorkstation.Listing.Entries.Count);
        Assert.Equal([0, 1, 18, 19], SampleWorkstation.Listing.GroupNumbers);
        Assert.Equal("1002:73df", SampleWorkstation.Listing.Find(SampleWorkstation.HostGpu)!.VendorDevice);
        Assert.Equal("1002:73ff", SampleWorkstation.Listing.Find(SampleWorkstation.GuestGpu)!.VendorDevice);
    }

    [Fact]
    public async Task Build_EmptyDirectory_WritesAHostThatLspciShowsWithItsDrivers()
    {
        using var host = new TemporaryHostRoot();

        var root = SampleWorkstation.Build(host.Path);
        var result = await Lspci.RunOnTreeAsync(root.Path, ["-nnk"], TestContext.Current.CancellationToken);

        Assert.Equal(host.Path, root.Path);
        Assert.Equal(0, result.ExitCode);
        var shown = IommuListing.Parse(result.StandardOutput);
        Assert.Equal(
            [null, "pcieport", "pcieport", "pcieport", "amdgpu", "snd_hda_intel", "amdgpu", "snd_hda_intel"],
            shown.Entries.Select(e => e.Driver));
        Assert.Equal("1\n", root.TryReadText("sys/bus/pci/devices/0000:03:00.0/boot_vga"));
        Assert.Equal("0\n", root.TryReadText("sys/bus/pci/devices/0000:07:00.0/boot_vga"));
        Assert.Contains("intel_iommu=on iommu=pt", root.TryReadText("proc/cmdline"), StringComparison.Ordinal);
        Assert.Contains("DMAR", root.ListNames("sys/firmware/acpi/tables"));
        var cpu = CpuInfoReader.Parse(root.TryReadText("proc/cpuinfo")!);
        Assert.Equal((CpuVendor.Intel, true, 12), (cpu.Vendor, cpu.Virtualization, cpu.LogicalCpus));
        Assert.Equal("Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz", cpu.Model);
    }

    [Fact]
    public void Build_EmptyDirectory_HasWhatStep4SizesAndBootsANewVmWith()
    {
        using var host = new TemporaryHostRoot();

        var root = SampleWorkstation.Build(host.Path);

        // The new-VM form starts from the host's memory: a demo without meminfo started it at 0.
        var resources = PassthroughWeb.Core.VirtualMachines.Creation.HostResourcesReader.Read(root);
        Assert.Equal(32786364L * 1024, resources.MemoryBytes);
        Assert.Equal(12, resources.LogicalCpus);
        var firmware = PassthroughWeb.Core.VirtualMachines.Creation.OvmfFirmwareFinder.FindAll(root, []);
        Assert.Contains(firmware, f => f.SecureBoot && f.CodePath == "/usr/share/edk2/x64/OVMF_CODE.secboot.4m.fd");
    }

    [Fact]
    public void Build_DirectoryNotEmpty_RefusesWithTheReason()
    {
        using var host = new TemporaryHostRoot();
        File.WriteAllText(host.Combine("something"), "");

        var error = Assert.Throws<ArgumentException>(() => SampleWorkstation.Build(host.Path));

        Assert.Contains("is not empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DirectoryMissing_RefusesWithTheReason()
    {
        using var host = new TemporaryHostRoot();

        Assert.Throws<DirectoryNotFoundException>(() => SampleWorkstation.Build(host.Combine("missing")));
    }
}
