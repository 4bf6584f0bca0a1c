using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class InitramfsInspectorTests
{
    private static readonly ImageExpectation Expectation = new()
    {
        Modules = ["vfio_pci", "vfio", "vfio_iommu_type1"],
        Files = [new ExpectedImageFile("etc/modprobe.d/vfio.conf", "modprobe configuration for vfio-pci")],
    };

    [Fact]
    public void ParseListing_LsinitrdLongFormat_TakesThePathAndDropsLinkTargets()
    {
        const string output = """
            Image: /boot/initramfs-6.8.img: 30M
            ========================================================================
            drwxr-xr-x  12 root     root            0 Nov 25 10:00 .
            lrwxrwxrwx   1 root     root            7 Nov 25 10:00 bin -> usr/bin
            -rw-r--r--   1 root     root        60536 Nov 25 10:00 usr/lib/modules/6.8/kernel/drivers/vfio/pci/vfio-pci.ko.xz
            """;

        var paths = InitramfsInspector.ParseListing(output);

        Assert.Contains("bin", paths);
        Assert.Contains("usr/lib/modules/6.8/kernel/drivers/vfio/pci/vfio-pci.ko.xz", paths);
        Assert.DoesNotContain(paths, p => p.Contains("->", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InspectHost_KernelWithoutImage_IsBlockingAndNamesWhereItLooked()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/lib/modules/6.1.0-56-amd64/modules.dep", "");
        var kernels = InitramfsDetector.FindKernels(host.Root);

        var inspection = await new InitramfsInspector(new ProcessCommandRunner()).InspectHostAsync(host.Root, InitramfsSystem.InitramfsTools, kernels, Expectation, TestContext.Current.CancellationToken);

        Assert.True(inspection.IsBlocking);
        var image = Assert.Single(inspection.Images);
        Assert.Equal(ImageStatus.Missing, image.Status);
        Assert.Contains("/boot/initrd.img-6.1.0-56-amd64", image.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectHost_EmptyImageFile_IsUnreadableAndBlocking()
    {
        // What a failed mkinitramfs leaves behind: a 0-byte image.
        using var host = new InitramfsTestRoot();
        host.Write("/lib/modules/6.1.0-56-amd64/modules.dep", "");
        host.Write("/boot/initrd.img-6.1.0-56-amd64", "");
        var kernels = InitramfsDetector.FindKernels(host.Root);

        var inspection = await new InitramfsInspector(new ProcessCommandRunner()).InspectHostAsync(host.Root, InitramfsSystem.InitramfsTools, kernels, Expectation, TestContext.Current.CancellationToken);

        Assert.True(inspection.IsBlocking);
        Assert.Equal(ImageStatus.Unreadable, Assert.Single(inspection.Images).Status);
    }

    [Fact]
    public void CandidateImages_EachSystem_NamesItsImages()
    {
        var debian = new InstalledKernel { Version = "6.1.0-56-amd64", ModulesDirectory = "/lib/modules/6.1.0-56-amd64", Major = 6, Minor = 1 };
        var arch = new InstalledKernel { Version = "6.12.4-arch1-1", ModulesDirectory = "/usr/lib/modules/6.12.4-arch1-1", Major = 6, Minor = 12, PackageBase = "linux" };

        Assert.Equal(["/boot/initrd.img-6.1.0-56-amd64"], InitramfsInspector.CandidateImages(InitramfsSystem.InitramfsTools, debian));
        Assert.Equal("/boot/initramfs-6.1.0-56-amd64.img", InitramfsInspector.CandidateImages(InitramfsSystem.Dracut, debian)[0]);
        Assert.Equal(["/boot/initramfs-linux.img", "/boot/initramfs-linux-fallback.img", "/boot/initramfs-6.12.4-arch1-1.img"], InitramfsInspector.CandidateImages(InitramfsSystem.Mkinitcpio, arch));
        Assert.Equal(["/boot/booster-linux.img"], InitramfsInspector.CandidateImages(InitramfsSystem.Booster, arch));
    }
}
