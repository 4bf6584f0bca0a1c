using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class CpuInfoReaderTests
{
    private const string IntelHost = """
        processor	: 0
        vendor_id	: GenuineIntel
        model name	: Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz
        flags		: fpu vme de pse msr vmx smx est

        processor	: 1
        vendor_id	: GenuineIntel
        model name	: Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz
        flags		: fpu vme de pse msr vmx smx est
        """;

    [Fact]
    public void Parse_IntelWithVmx_HasVirtualizationAndIsNotAVm()
    {
        var cpu = CpuInfoReader.Parse(IntelHost);

        Assert.Equal(CpuVendor.Intel, cpu.Vendor);
        Assert.Equal("Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz", cpu.Model);
        Assert.True(cpu.Virtualization);
        Assert.False(cpu.Hypervisor);
        Assert.Equal(2, cpu.LogicalCpus);
    }

    [Fact]
    public void Parse_AmdGuestWithoutSvm_IsAVmWithoutVirtualization()
    {
        var cpu = CpuInfoReader.Parse("vendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu hypervisor lm\n");

        Assert.Equal(CpuVendor.Amd, cpu.Vendor);
        Assert.False(cpu.Virtualization);
        Assert.True(cpu.Hypervisor);
    }
}
