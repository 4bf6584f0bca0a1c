using PassthroughWeb.Core.BootLoaders;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class KernelParameterTests
{
    [Theory]
    [InlineData("intel_iommu=on")]
    [InlineData("iommu=pt")]
    [InlineData("quiet")]
    [InlineData("vfio-pci.ids=10de:1b80,10de:10f0")]
    [InlineData("pcie_acs_override=downstream,multifunction")]
    [InlineData("video=efifb:off")]
    [InlineData("root=UUID=823a3283-30a7-4fef-b50b-8a2230c71b5b")]
    [InlineData("acpi_osi=\"Windows 2020\"")]
    public void Check_WellFormedParameter_IsAccepted(string text)
    {
        Assert.Null(KernelParameter.Check(text));
        Assert.Equal(text, KernelParameter.Parse(text).Text);
    }

    [Theory]
    [InlineData("intel_iommu=on;reboot", "';'")]
    [InlineData("iommu=pt|true", "'|'")]
    [InlineData("iommu=pt&", "'&'")]
    [InlineData("iommu=$(id)", "'$'")]
    [InlineData("iommu=`id`", "'`'")]
    [InlineData("iommu=<x", "'<'")]
    [InlineData("iommu=>x", "'>'")]
    [InlineData("iommu={x}", "'{'")]
    [InlineData("iommu=a\\b", "'\\'")]
    [InlineData("a'b=1", "'''")]
    [InlineData("iommu='pt'", "'''")]
    public void Check_ShellCharacter_IsRefusedNamingIt(string text, string named)
    {
        var problem = KernelParameter.Check(text);

        Assert.NotNull(problem);
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intel_iommu=on\niommu=pt", "line break")]
    [InlineData("intel_iommu=on\r", "line break")]
    [InlineData("intel_iommu=on\tiommu=pt", "control character")]
    [InlineData("intel_iommu=\u0001", "control character")]
    [InlineData("intel_iommu=on iommu=pt", "space")]
    [InlineData("acpi_osi=\"Windows 2020", "double quote")]
    [InlineData("acpi_osi=Win\"dows\"", "double quote")]
    [InlineData("acpi_osi=\"\"", "empty quoted value")]
    [InlineData("", "empty")]
    [InlineData("--", "'-'")]
    [InlineData("=on", "no name")]
    [InlineData("iommu=pté", "non-ASCII")]
    public void Check_MalformedParameter_IsRefusedWithTheReason(string text, string reason)
    {
        var problem = KernelParameter.Check(text);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Null(KernelParameter.TryParse(text, out var again));
        Assert.Equal(problem, again);
        Assert.Throws<ArgumentException>(() => KernelParameter.Parse(text));
    }

    [Fact]
    public void NormalizedName_DashAndUnderscore_CompareEqual()
    {
        Assert.Equal(KernelParameter.Parse("vfio-pci.ids=1:2").NormalizedName, KernelParameter.Parse("vfio_pci.ids=3:4").NormalizedName);
    }
}
