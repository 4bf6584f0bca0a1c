using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class QemuArgumentsTests
{
    private static QemuMachine Machine(RehearsalIommu iommu) => new()
    {
        KernelImage = "/tmp/k/boot/vmlinuz-6.1.0-56-amd64",
        Initrd = "/tmp/r/rehearsal.img",
        CommandLine = "console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt",
        ConsoleLog = "/tmp/r/console.log",
        Iommu = iommu,
        Displays = [EmulatedDisplay.Vga(new PciAddress(0, 0, 4, 0)), EmulatedDisplay.Vga(new PciAddress(0, 0, 3, 0))],
    };

    [Fact]
    public void Build_IntelHost_VtdBeforeTheDisplaysInAddressOrderAndNoDefaultVga()
    {
        var arguments = QemuArguments.Build(Machine(RehearsalIommu.Intel));

        Assert.Equal(
        [
            "-M", "q35,kernel-irqchip=split", "-accel", "tcg", "-m", "1024", "-smp", "2",
            "-device", "intel-iommu,intremap=on,caching-mode=on",
            "-device", "VGA,bus=pcie.0,addr=0x3", "-device", "VGA,bus=pcie.0,addr=0x4",
            "-vga", "none", "-display", "none", "-monitor", "none", "-serial", "file:/tmp/r/console.log", "-no-reboot",
            "-kernel", "/tmp/k/boot/vmlinuz-6.1.0-56-amd64", "-initrd", "/tmp/r/rehearsal.img",
            "-append", "console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt",
        ], arguments);
    }

    [Fact]
    public void Build_AmdHost_AmdIommuIsTheFirstDevice()
    {
        var arguments = QemuArguments.Build(Machine(RehearsalIommu.Amd) with { Accelerator = QemuAccelerator.Kvm });

        var devices = arguments.Select((a, i) => (a, i)).Where(x => x.a == "-device").Select(x => arguments[x.i + 1]).ToList();
        Assert.Equal(["amd-iommu", "VGA,bus=pcie.0,addr=0x3", "VGA,bus=pcie.0,addr=0x4"], devices);
        Assert.Equal("kvm", arguments[arguments.ToList().IndexOf("-accel") + 1]);
    }

    [Fact]
    public void Build_NoIommu_NoIommuDevice()
    {
        var arguments = QemuArguments.Build(Machine(RehearsalIommu.None));

        Assert.DoesNotContain(arguments, a => a.Contains("iommu", StringComparison.Ordinal) && a != "-append" && !a.StartsWith("console=", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CommandLineWithSpacesAndQuotes_StaysOneArgument()
    {
        var line = "console=ttyS0 quiet dyndbg=\"file vfio_pci.c +p\" $(reboot) ; poweroff";

        var arguments = QemuArguments.Build(Machine(RehearsalIommu.Intel) with { CommandLine = line });

        Assert.Equal(line, arguments[^1]);
        Assert.Equal("-append", arguments[^2]);
    }

    [Theory]
    [InlineData(0, 1, 0, 0)]
    [InlineData(0, 0, 4, 1)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0, 0, 0x1f, 0)]
    [InlineData(1, 0, 4, 0)]
    public void Build_DisplayOffTheRootBusOrOnQ35sOwnSlots_IsRefused(int domain, int bus, int slot, int function)
    {
        var machine = Machine(RehearsalIommu.Intel) with { Displays = [EmulatedDisplay.Vga(new PciAddress(domain, bus, slot, function))] };

        Assert.Throws<ArgumentException>(() => QemuArguments.Build(machine));
    }

    [Fact]
    public void Build_TwoDisplaysAtOneAddressOrACommaInTheLogPath_IsRefused()
    {
        var at4 = EmulatedDisplay.Vga(new PciAddress(0, 0, 4, 0));
        Assert.Throws<ArgumentException>(() => QemuArguments.Build(Machine(RehearsalIommu.Intel) with { Displays = [at4, EmulatedDisplay.Cirrus(at4.Address)] }));
        Assert.Throws<ArgumentException>(() => QemuArguments.Build(Machine(RehearsalIommu.Intel) with { ConsoleLog = "/tmp/a,b/console.log" }));
    }

    [Fact]
    public void EmulatedDisplay_CirrusHasItsOwnIdAndDriver()
    {
        var cirrus = EmulatedDisplay.Cirrus(new PciAddress(0, 0, 3, 0));

        Assert.Equal(("1013:00b8", "cirrus"), (cirrus.VendorDevice, cirrus.Driver));
        Assert.Equal(EmulatedDisplay.StandardVga, EmulatedDisplay.ModelWithId("1234:1111"));
        Assert.Null(EmulatedDisplay.ModelWithId("1002:73ff"));
    }
}
