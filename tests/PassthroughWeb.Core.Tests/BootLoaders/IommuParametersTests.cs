using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class IommuParametersTests
{
    [Fact]
    public void For_Intel_IntelIommuOnAndPassThrough()
    {
        var set = IommuParameters.For(CpuVendor.Intel, IommuExtras.None);

        Assert.Equal("intel_iommu=on iommu=pt", set.Text);
        Assert.All(set.Wanted, w => Assert.False(string.IsNullOrWhiteSpace(w.Explanation)));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void For_Amd_OnlyPassThroughAndAmdIommuOffUnwanted()
    {
        var set = IommuParameters.For(CpuVendor.Amd, IommuExtras.None);

        Assert.Equal("iommu=pt", set.Text);
        var unwanted = Assert.Single(set.Unwanted);
        Assert.Equal("amd_iommu", unwanted.Name);
    }

    [Fact]
    public void For_UnknownVendor_IsAProblemNotAGuess()
    {
        var set = IommuParameters.For(CpuVendor.Other, IommuExtras.None);

        Assert.Empty(set.Wanted);
        Assert.Single(set.Problems);
    }

    [Fact]
    public void For_PassingBootGpu_AddsBothFramebufferParametersExplained()
    {
        var set = IommuParameters.For(CpuVendor.Amd, new IommuExtras { PassingBootGpu = true });

        Assert.Equal("iommu=pt video=efifb:off initcall_blacklist=sysfb_init", set.Text);
        Assert.All(set.Wanted.Where(w => w.IsExtra), w => Assert.Contains("boot", w.Explanation, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void For_VfioIdsWithBuiltInVfioPci_AddsOneIdsParameter()
    {
        var set = IommuParameters.For(CpuVendor.Intel, new IommuExtras { VfioPciIds = ["10DE:1B80", "10de:10f0", "10de:1b80"], VfioPciBuiltIn = true });

        var ids = Assert.Single(set.Wanted, w => w.IsExtra);
        Assert.Equal("vfio-pci.ids=10de:1b80,10de:10f0", ids.Parameter.Text);
        Assert.True(ids.ReplacesOtherValues);
    }

    [Fact]
    public void For_VfioIdsWithModularVfioPci_LeavesThemToModprobeWithANote()
    {
        var set = IommuParameters.For(CpuVendor.Intel, new IommuExtras { VfioPciIds = ["10de:1b80"], VfioPciBuiltIn = false });

        Assert.DoesNotContain(set.Wanted, w => w.IsExtra);
        Assert.Contains(set.Notes, n => n.Contains("modprobe.d", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10de")]
    [InlineData("10de:1b80;reboot")]
    [InlineData("xyzw:1b80")]
    public void For_MalformedPciId_IsAProblem(string id)
    {
        var set = IommuParameters.For(CpuVendor.Intel, new IommuExtras { VfioPciIds = [id], VfioPciBuiltIn = true });

        Assert.Contains(set.Problems, p => p.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public void For_AcsOverrideOnPatchedKernel_AddsItWithAWarning()
    {
        var set = IommuParameters.For(CpuVendor.Amd, new IommuExtras { AcsOverride = true, KernelCarriesAcsOverridePatch = true });

        var acs = Assert.Single(set.Wanted, w => w.IsExtra);
        Assert.Equal("pcie_acs_override=downstream,multifunction", acs.Parameter.Text);
        Assert.Contains("isolation", acs.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void For_AcsOverrideOnMainlineKernel_NotAddedAndSaysWhy()
    {
        var set = IommuParameters.For(CpuVendor.Amd, new IommuExtras { AcsOverride = true, KernelCarriesAcsOverridePatch = false });

        Assert.DoesNotContain(set.Wanted, w => w.IsExtra);
        Assert.Contains(set.Notes, n => n.Contains("patch", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("6.10.3-zen1-2-zen", true)]
    [InlineData("6.8.12-4-pve", true)]
    [InlineData("6.9.7-x64v3-xanmod1", true)]
    [InlineData("6.1.0-18-amd64", false)]
    [InlineData("6.6.30-1-lts", false)]
    public void AcsOverridePatch_KernelRelease_KnownPatchedKernels(string release, bool carries) =>
        Assert.Equal(carries, AcsOverridePatch.Carries(release));

    [Fact]
    public void BuiltInModules_ModulesBuiltinListsVfioPci_FoundForThatKernel()
    {
        using var fixture = new FixtureRoot()
            .With("lib/modules/6.9.1-arch1/modules.builtin", "kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n")
            .With("lib/modules/6.1.0-18-amd64/modules.builtin", "kernel/drivers/pci/pci-stub.ko\n")
            .With("proc/sys/kernel/osrelease", "6.9.1-arch1\n");

        Assert.Equal(["6.9.1-arch1"], BuiltInModules.KernelsWithBuiltIn(fixture.Root, "vfio_pci"));
        Assert.True(BuiltInModules.IsBuiltIn(fixture.Root, "vfio-pci"));
    }

    [Fact]
    public void BuiltInModules_RunningKernelHasItAsModule_NotBuiltIn()
    {
        using var fixture = new FixtureRoot()
            .With("lib/modules/6.9.1-arch1/modules.builtin", "kernel/drivers/vfio/pci/vfio-pci.ko\n")
            .With("lib/modules/6.1.0-18-amd64/modules.builtin", "kernel/drivers/pci/pci-stub.ko\n")
            .With("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");

        Assert.False(BuiltInModules.IsBuiltIn(fixture.Root, "vfio_pci"));
    }
}
