using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class IommuInspectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("iommu-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CpuInfo Cpu(CpuVendor vendor, bool hypervisor = false) =>
        new() { Vendor = vendor, Model = "test", Virtualization = true, Hypervisor = hypervisor };

    private HostRoot RootWithTables(params string[] tables)
    {
        var root = new HostRoot(_directory);
        root.CreateDirectory("sys/firmware/acpi/tables");
        foreach (var table in tables) root.WriteText("sys/firmware/acpi/tables/" + table, "");
        return root;
    }

    [Fact]
    public void Inspect_IntelWithoutDmarTable_SaysVtdIsOffInTheFirmware()
    {
        var status = IommuInspector.Inspect(RootWithTables("APIC", "DSDT"), Cpu(CpuVendor.Intel), KernelCommandLine.Parse("quiet"), 0);

        Assert.False(status.Enabled);
        Assert.Equal(FirmwareIommuTable.None, status.FirmwareTable);
        Assert.StartsWith("VT-d is disabled in the firmware setup", status.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_IntelWithDmarButNoParameter_SaysTheKernelWasNotAsked()
    {
        var status = IommuInspector.Inspect(RootWithTables("DMAR"), Cpu(CpuVendor.Intel), KernelCommandLine.Parse("quiet splash"), 0);

        Assert.Equal(FirmwareIommuTable.Dmar, status.FirmwareTable);
        Assert.Contains("the kernel was not asked to enable it", status.Explanation, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", status.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_IntelIommuOffOnCommandLine_SaysToReplaceIt()
    {
        var status = IommuInspector.Inspect(RootWithTables("DMAR"), Cpu(CpuVendor.Intel), KernelCommandLine.Parse("intel_iommu=off"), 0);

        Assert.Contains("intel_iommu=off", status.Explanation, StringComparison.Ordinal);
        Assert.Equal(["intel_iommu=off"], status.KernelParameters);
    }

    [Fact]
    public void Inspect_AmdWithoutIvrs_SaysAmdViIsOffInTheFirmware()
    {
        var status = IommuInspector.Inspect(RootWithTables("APIC"), Cpu(CpuVendor.Amd), KernelCommandLine.Parse(""), 0);

        Assert.StartsWith("AMD-Vi is disabled in the firmware setup", status.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_VirtualMachineWithoutVirtualIommu_SaysSoInsteadOfBlamingTheFirmware()
    {
        var status = IommuInspector.Inspect(RootWithTables("APIC"), Cpu(CpuVendor.Intel, hypervisor: true), KernelCommandLine.Parse(""), 0);

        Assert.Contains("itself a virtual machine", status.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_GroupsPresent_IsEnabledAndListsTheRelatedParameters()
    {
        var status = IommuInspector.Inspect(RootWithTables("DMAR"), Cpu(CpuVendor.Intel),
            KernelCommandLine.Parse("root=/dev/sda1 quiet intel_iommu=on iommu=pt vfio-pci.ids=10de:1b80 video=efifb:off"), 20);

        Assert.True(status.Enabled);
        Assert.Equal(20, status.GroupCount);
        Assert.Equal(["intel_iommu=on", "iommu=pt", "vfio-pci.ids=10de:1b80"], status.KernelParameters);
    }

    [Fact]
    public void Inspect_NoAcpiTablesDirectory_SaysItCannotTell()
    {
        var status = IommuInspector.Inspect(new HostRoot(_directory), Cpu(CpuVendor.Intel), KernelCommandLine.Parse(""), 0);

        Assert.Equal(FirmwareIommuTable.Unknown, status.FirmwareTable);
        Assert.Contains("could not be read", status.Explanation, StringComparison.Ordinal);
    }
}
