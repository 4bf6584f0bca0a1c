using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Steps;

/// <summary>Steps named to people in words, as the checklist titles them, not by their command-line names.</summary>
public sealed class HostStepsTests
{
    [Theory]
    [InlineData("host,isolate", "step 2 (IOMMU kernel parameters) and step 3 (vfio isolation)")]
    [InlineData("host", "step 2 (IOMMU kernel parameters)")]
    [InlineData("isolate", "step 3 (vfio isolation)")]
    [InlineData("host, isolate,host", "step 2 (IOMMU kernel parameters) and step 3 (vfio isolation)")]
    public void Describe_AChangeSetsSteps_NamesEachOnceInWords(string stored, string words) =>
        Assert.Equal(words, HostSteps.Describe(stored));

    [Fact]
    public void Describe_AStepOfANewerVersion_KeepsItsName() =>
        Assert.Equal("step 2 (IOMMU kernel parameters), step 3 (vfio isolation) and step vm", HostSteps.Describe(["host", "isolate", "vm"]));
}
