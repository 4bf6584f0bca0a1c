using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Isolation;

public sealed class DriverModulesTests
{
    private static readonly PciDevice AmdCard = new()
    {
        Address = PciAddress.Parse("0000:07:00.0"), VendorId = "1002", DeviceId = "73ff", ClassCode = "0300", Driver = "amdgpu",
    };

    private static InstalledKernel Kernel(params string[] modules) => new()
    {
        Version = "6.12.4-arch1-1", ModulesDirectory = "/lib/modules/6.12.4-arch1-1", Major = 6, Minor = 12,
        Modules = modules.ToHashSet(StringComparer.Ordinal),
    };

    [Fact]
    public void ClaimingModules_KernelWithoutRadeon_GuessesOnlyModulesThatExist()
    {
        Assert.Equal(["amdgpu"], DriverModules.ClaimingModules(AmdCard, [Kernel("amdgpu", "snd_hda_intel")]));
    }

    [Fact]
    public void ClaimingModules_KernelWithRadeon_KeepsItAsAPossibleClaimant()
    {
        Assert.Equal(["amdgpu", "radeon"], DriverModules.ClaimingModules(AmdCard, [Kernel("amdgpu", "radeon")]));
    }

    [Fact]
    public void ClaimingModules_NoModuleListKnown_KeepsEveryGuess()
    {
        Assert.Equal(["amdgpu", "radeon"], DriverModules.ClaimingModules(AmdCard, []));
    }
}
