using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class MissingVirtualizationTests
{
    [Fact]
    public void Explain_CpuReportsVirtualization_SaysNothing()
    {
        var cpu = new CpuInfo { Vendor = CpuVendor.Intel, Model = "Intel(R) Core(TM) i5-10600K CPU @ 4.10GHz", Virtualization = true, Hypervisor = false };

        Assert.Null(MissingVirtualization.Explain(cpu));
    }

    [Fact]
    public void Explain_BareMetalWithoutSvm_PointsAtTheFirmwareSetup()
    {
        var cpu = new CpuInfo { Vendor = CpuVendor.Amd, Model = "AMD Ryzen 7 5800X 8-Core Processor", Virtualization = false, Hypervisor = false };

        var said = MissingVirtualization.Explain(cpu);

        Assert.StartsWith("The CPU does not report AMD-V (svm)", said, StringComparison.Ordinal);
        Assert.Contains("\"SVM Mode\" in the firmware setup", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CpuVendor.Amd, "AMD EPYC 7B13", "AMD-V (svm)", "kvm_amd")]
    [InlineData(CpuVendor.Intel, "Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", "VT-x (vmx)", "kvm_intel")]
    public void Explain_VirtualMachineWithoutNestedVirtualization_PointsAtTheOuterHostNotAFirmwareSetup(CpuVendor vendor, string model, string name, string module)
    {
        // A cloud VM without nested virtualization: there is no firmware setup to enter, the outer hypervisor decides.
        var cpu = new CpuInfo { Vendor = vendor, Model = model, Virtualization = false, Hypervisor = true };

        var said = MissingVirtualization.Explain(cpu);

        Assert.Contains($"does not pass {name} through", said, StringComparison.Ordinal);
        Assert.Contains($"the {module} module's nested=1", said, StringComparison.Ordinal);
        Assert.DoesNotContain("firmware setup", said, StringComparison.Ordinal);
    }
}
