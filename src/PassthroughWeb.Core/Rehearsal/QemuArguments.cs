using System.Globalization;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The QEMU command for a rehearsal, as an argument list (never a shell string): a q35 machine with a split irqchip
/// (interrupt remapping needs it), the IOMMU device placed before every other device (QEMU requires it to see them),
/// no default VGA (it would add a third 1234:1111 device at 00:01.0), no display or monitor, the serial console into
/// a file, and no reboot: the guest powers itself off when its evidence is written.
/// </summary>
public static class QemuArguments
{
    public const string Program = "qemu-system-x86_64";

    public static IReadOnlyList<string> Build(QemuMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        Validate(machine);
        var arguments = new List<string>
        {
            "-M", "q35,kernel-irqchip=split",
            "-accel", machine.Accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg",
            "-m", machine.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-smp", machine.Cpus.ToString(CultureInfo.InvariantCulture),
        };
        switch (machine.Iommu)
        {
            case RehearsalIommu.Intel:
                arguments.AddRange(["-device", "intel-iommu,intremap=on,caching-mode=on"]);
                break;
            case RehearsalIommu.Amd:
                arguments.AddRange(["-device", "amd-iommu"]);
                break;
        }
        foreach (var display in machine.Displays.OrderBy(d => d.Address))
            arguments.AddRange(["-device", string.Create(CultureInfo.InvariantCulture, $"{display.Model},bus=pcie.0,addr=0x{display.Address.Slot:x}")]);
        arguments.AddRange(
        [
            "-vga", "none",
            "-display", "none",
            "-monitor", "none",
            "-serial", "file:" + machine.ConsoleLog,
            "-no-reboot",
            "-kernel", machine.KernelImage,
            "-initrd", machine.Initrd,
            "-append", machine.CommandLine,
        ]);
        return arguments;
    }

    private static void Validate(QemuMachine machine)
    {
        if (machine.Displays.Count == 0) throw new ArgumentException("The rehearsal machine needs at least one display device.", nameof(machine));
        foreach (var display in machine.Displays)
        {
            if (display.Address.Domain != 0 || display.Address.Bus != 0 || display.Address.Function != 0)
                throw new ArgumentException($"{display.Address}: emulated displays sit on the root bus at function 0 (0000:00:SS.0).", nameof(machine));
            // 00:00.0 is the host bridge, 00:1f.x the ICH9 functions q35 always has.
            if (display.Address.Slot is 0 or >= 0x1f)
                throw new ArgumentException($"{display.Address}: slot 00 and 1f are q35's own devices; choose a slot from 01 to 1e.", nameof(machine));
        }
        var taken = machine.Displays.GroupBy(d => d.Address).FirstOrDefault(g => g.Count() > 1);
        if (taken is not null) throw new ArgumentException($"Two displays at {taken.Key}.", nameof(machine));
        // QEMU splits -serial's value at commas: a log path with one would be read as options.
        if (machine.ConsoleLog.Contains(',', StringComparison.Ordinal))
            throw new ArgumentException($"The console log path '{machine.ConsoleLog}' holds a comma, which QEMU would read as an option separator.", nameof(machine));
    }
}
