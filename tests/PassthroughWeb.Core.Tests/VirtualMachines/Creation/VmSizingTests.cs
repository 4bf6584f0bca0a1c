using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

public sealed class VmSizingTests
{
    private const long GiB = VmSizing.GiB;

    [Theory]
    [InlineData(12, 2, 4, 8)]   // 6 cores with SMT: two cores are four threads
    [InlineData(8, 1, 2, 6)]
    [InlineData(2, 1, 2, 0)]    // this machine: nothing to spare
    [InlineData(1, 1, 1, 0)]
    public void Cpus_HostKeepsTwoCores(int logical, int threads, int reserved, int max)
    {
        var host = new HostResources { LogicalCpus = logical, ThreadsPerCore = threads, MemoryBytes = 16 * GiB };

        Assert.Equal((reserved, max), (VmSizing.ReservedCpus(host), VmSizing.MaxVirtualCpus(host)));
    }

    [Theory]
    [InlineData(8, 4, 4)]     // 4 GiB is more than a quarter
    [InlineData(32, 24, 8)]   // the guide's 8 GiB
    [InlineData(128, 96, 8)]
    [InlineData(4, 0, 0)]
    public void Memory_HostKeepsFourGibOrAQuarter(long hostGib, long maxGib, long defaultGib)
    {
        Assert.Equal(maxGib * GiB, VmSizing.MaxMemory(hostGib * GiB));
        Assert.Equal(defaultGib * GiB, VmSizing.DefaultMemory(hostGib * GiB));
    }

    [Fact]
    public void DefaultMemory_OddHostSize_WholeGibibytes() =>
        Assert.Equal(5 * GiB, VmSizing.DefaultMemory(9L * GiB + 512L * 1024 * 1024));
}
