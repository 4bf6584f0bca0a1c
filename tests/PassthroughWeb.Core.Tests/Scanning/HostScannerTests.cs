using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class HostScannerTests
{
    [Fact]
    public void Scan_ThisMachine_SucceedsAndExplainsWhyPassthroughIsImpossible()
    {
        // The test machines are VMs with virtio devices and no IOMMU groups.
        var report = new HostScanner(TimeProvider.System).Scan(HostRoot.Default);

        Assert.NotEmpty(report.Cpu.Model);
        Assert.False(string.IsNullOrWhiteSpace(report.Iommu.Explanation));
        if (!report.Iommu.Enabled)
        {
            Assert.All(report.Gpus, gpu => Assert.Equal(GpuVerdict.Blocked, gpu.Verdict));
            if (report.Cpu.Hypervisor) Assert.Contains("virtual machine", report.Iommu.Explanation, StringComparison.Ordinal);
        }
        Assert.All(report.Devices, d => Assert.Matches("^[0-9a-f]{4}$", d.VendorId));
    }
}
