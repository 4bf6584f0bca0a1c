using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

public sealed class HostResourcesReaderTests
{
    [Fact]
    public void Read_ThisMachine_AgreesWithTheKernel()
    {
        var resources = HostResourcesReader.Read(Core.Host.HostRoot.Default);

        Assert.Equal(Environment.ProcessorCount, resources.LogicalCpus);
        Assert.InRange(resources.ThreadsPerCore, 1, 8);
        Assert.True(resources.MemoryBytes > 256L << 20);
    }

    [Fact]
    public void Read_MissingProcFiles_NoMemoryAndNoCpus()
    {
        using var host = new TemporaryHostRoot();

        var resources = HostResourcesReader.Read(host.Root);

        Assert.Equal((0, 1, (long?)null), (resources.LogicalCpus, resources.ThreadsPerCore, resources.MemoryBytes));
    }

    [Theory]
    [InlineData("siblings\t: 16\ncpu cores\t: 8\n", 2)]
    [InlineData("siblings\t: 8\ncpu cores\t: 8\n", 1)]
    [InlineData("processor\t: 0\n", 1)]
    [InlineData("siblings\t: 7\ncpu cores\t: 2\n", 1)]
    public void ThreadsPerCore_SiblingsOverCores(string cpuinfo, int expected) => Assert.Equal(expected, HostResourcesReader.ThreadsPerCore(cpuinfo));

    [Fact]
    public void MemTotal_KibibytesBecomeBytes()
    {
        Assert.Equal(24683620L * 1024, HostResourcesReader.MemTotal("MemTotal:       24683620 kB\nMemFree:        23411892 kB\n"));
        Assert.Null(HostResourcesReader.MemTotal("MemFree:        23411892 kB\n"));
    }
}
