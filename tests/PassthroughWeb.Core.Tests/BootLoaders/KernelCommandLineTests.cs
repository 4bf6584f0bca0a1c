using PassthroughWeb.Core.BootLoaders;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class KernelCommandLineTests
{
    [Fact]
    public void Parse_QuotedValueWithSpace_IsOneParameter()
    {
        var line = KernelCommandLine.Parse("quiet acpi_osi=\"Windows 2019\" intel_iommu=on");

        Assert.Equal(["quiet", "acpi_osi=\"Windows 2019\"", "intel_iommu=on"], line.Parameters);
        Assert.Equal("Windows 2019", line.ValueOf("acpi_osi"));
    }

    [Fact]
    public void Parse_ArgumentsAfterDoubleDash_GoToInitNotTheKernel()
    {
        var line = KernelCommandLine.Parse("console=ttyS0 -- --firecracker-init iommu=pt");

        Assert.Equal(["console=ttyS0"], line.Parameters);
        Assert.Equal(["--firecracker-init", "iommu=pt"], line.InitArguments);
        Assert.False(line.Contains("iommu"));
    }

    [Fact]
    public void ValueOf_RepeatedParameter_TakesTheLastLikeTheKernel()
    {
        var line = KernelCommandLine.Parse("iommu=pt iommu=1");

        Assert.Equal("1", line.ValueOf("iommu"));
        Assert.Null(line.ValueOf("intel_iommu"));
    }
}
