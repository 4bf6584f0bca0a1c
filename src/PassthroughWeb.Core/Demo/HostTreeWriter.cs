using PassthroughWeb.Core.Import;
using System.Globalization;
using System.Text;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Demo;

/// <summary>
/// Writes a host-root tree from a listing the way Linux lays out sysfs and procfs, so that the scanner and
/// real pciutils (<c>lspci -A linux-sysfs -O sysfs.path=ROOT/sys/bus/pci</c>) read it as they read a host:
/// device directories under <c>sys/devices/pci0000:00</c>, linked from <c>sys/bus/pci/devices</c>,
/// their drivers and IOMMU groups, the IOMMU units and firmware table, <c>proc/cpuinfo</c> and <c>proc/cmdline</c>.
/// </summary>
public static class HostTreeWriter
{
    private const string IntelFlags =
        "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe " +
        "syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf " +
        "pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt " +
        "tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single ssbd ibrs ibpb stibp " +
        "ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx " +
        "smap clflushopt intel_pt xsaveopt xsavec xgetbv1 xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp pku " +
        "ospke md_clear flush_l1d arch_capabilities";

    private const string IntelVmxFlags =
        "vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb flexpriority tsc_offset vtpr mtf vapic ept vpid unrestricted_guest " +
        "ple shadow_vmcs pml ept_mode_based_exec";

    private const string AmdFlags =
        "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext " +
        "fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor " +
        "ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a " +
        "misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 " +
        "cdp_l3 hw_pstate ssbd mba ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 cqm rdt_a rdseed adx smap clflushopt clwb sha_ni " +
        "xsaveopt xsavec xgetbv1 cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd arat npt " +
        "lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif " +
        "v_spec_ctrl umip rdpid overflow_recov succor smca sme sev sev_es";

    public static WrittenHostTree Write(HostRoot root, HostTreeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(spec);

        var skipped = new List<string>();
        var entries = new List<IommuListingEntry>();
        foreach (var entry in spec.Listing.Entries)
        {
            if (entry.HasIds) entries.Add(entry);
            else skipped.Add($"{entry.Address} (line {entry.LineNumber}): the listing does not show its whole vendor:device ID, so it cannot be written as a device.");
        }
        entries.Sort((a, b) => a.Address.CompareTo(b.Address));

        var (vendor, vendorSource) = DecideCpuVendor(spec);
        var iommuOn = spec.IommuEnabled ?? spec.Listing.HasGroups;
        var bootVga = spec.BootVga ?? entries.FirstOrDefault(e => e.ClassCode == "0300")?.Address;
        var multiFunctionSlots = entries.GroupBy(e => e.Address.SlotAddress).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();

        root.CreateDirectory("sys/bus/pci/devices");
        root.CreateDirectory("sys/bus/pci/drivers");
        var irq = 16;
        foreach (var entry in entries)
        {
            var address = entry.Address.ToString();
            var parent = $"pci{entry.Address.Domain:x4}:00";
            var device = $"sys/devices/{parent}/{address}";
            var isBridge = entry.ClassCode is "0604" or "0609";
            var deviceIrq = isBridge ? 120 + (irq % 40) : irq;
            irq = irq >= 31 ? 16 : irq + 1;

            root.WriteText($"{device}/vendor", $"0x{entry.VendorId}\n");
            root.WriteText($"{device}/device", $"0x{entry.DeviceId}\n");
            root.WriteText($"{device}/class", $"0x{entry.ClassCode}00\n");
            root.WriteText($"{device}/revision", $"0x{entry.Revision ?? "00"}\n");
            root.WriteText($"{device}/subsystem_vendor", $"0x{entry.SubsystemVendorId ?? "0000"}\n");
            root.WriteText($"{device}/subsystem_device", $"0x{entry.SubsystemDeviceId ?? "0000"}\n");
            root.WriteBytes($"{device}/config", ConfigSpace(entry, isBridge, multiFunctionSlots.Contains(entry.Address.SlotAddress), deviceIrq));
            root.WriteText($"{device}/irq", $"{deviceIrq}\n");
            root.WriteText($"{device}/resource", Resources(isBridge));
            root.WriteText($"{device}/modalias", Modalias(entry));
            root.WriteText($"{device}/driver_override", (spec.DriverOverrides.GetValueOrDefault(entry.Address) ?? "(null)") + "\n");
            if (entry.ClassCode == "0300")
                root.WriteText($"{device}/boot_vga", entry.Address == bootVga ? "1\n" : "0\n");
            if (spec.ResetMethods.TryGetValue(entry.Address, out var resetMethods))
                root.WriteText($"{device}/reset_method", string.Join(' ', resetMethods) + "\n");

            var driver = spec.Drivers.GetValueOrDefault(entry.Address) ?? entry.Driver;
            if (driver is not null)
            {
                var driverDirectory = $"sys/bus/pci/drivers/{driver}";
                if (!root.DirectoryExists(driverDirectory))
                {
                    foreach (var control in (string[])["bind", "unbind", "new_id", "remove_id", "uevent"])
                        root.WriteText($"{driverDirectory}/{control}", "");
                }
                root.CreateSymlink($"{device}/driver", $"../../../bus/pci/drivers/{driver}");
                root.CreateSymlink($"{driverDirectory}/{address}", $"../../../../devices/{parent}/{address}");
            }
            if (iommuOn && entry.Group is { } group)
            {
                root.CreateSymlink($"{device}/iommu_group", $"../../../kernel/iommu_groups/{group}");
                root.CreateSymlink($"sys/kernel/iommu_groups/{group}/devices/{address}", $"../../../../devices/{parent}/{address}");
            }
            root.CreateSymlink($"sys/bus/pci/devices/{address}", $"../../../devices/{parent}/{address}");
        }

        if (iommuOn)
        {
            var domainType = KernelCommandLineAsksPassthrough(spec.KernelCommandLine) ? "identity" : "DMA-FQ";
            foreach (var group in entries.Where(e => e.Group is not null).Select(e => e.Group!.Value).Distinct())
                root.WriteText($"sys/kernel/iommu_groups/{group}/type", domainType + "\n");
            var units = spec.Listing.IommuUnits.Count > 0 ? spec.Listing.IommuUnits : [vendor == CpuVendor.Amd ? "ivhd0" : "dmar0"];
            foreach (var unit in units)
            {
                root.CreateDirectory($"sys/devices/virtual/iommu/{unit}/devices");
                root.CreateSymlink($"sys/class/iommu/{unit}", $"../../devices/virtual/iommu/{unit}");
            }
        }
        else
        {
            root.CreateDirectory("sys/class/iommu");
        }

        var table = spec.FirmwareTable ?? (vendor == CpuVendor.Amd ? FirmwareIommuTable.Ivrs : FirmwareIommuTable.Dmar);
        root.CreateDirectory("sys/firmware/acpi/tables");
        root.WriteBytes("sys/firmware/acpi/tables/FACP", AcpiTable("FACP", 1, new byte[240]));
        if (table == FirmwareIommuTable.Dmar)
            root.WriteBytes("sys/firmware/acpi/tables/DMAR", AcpiTable("DMAR", 1, [38, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        else if (table == FirmwareIommuTable.Ivrs)
            root.WriteBytes("sys/firmware/acpi/tables/IVRS", AcpiTable("IVRS", 2, [0x41, 0x30, 0x20, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]));

        root.WriteText("proc/cpuinfo", CpuInfoText(spec, vendor));
        root.WriteText("proc/cmdline", spec.KernelCommandLine + "\n");
        foreach (var (path, text) in spec.Files) root.WriteText(path, text);
        root.WriteText("etc/hostname", spec.HostName + "\n");

        return new WrittenHostTree
        {
            Root = root,
            Devices = entries.Select(e => e.Address).ToList(),
            Skipped = skipped,
            CpuVendor = vendor,
            CpuVendorSource = vendorSource,
            IommuEnabled = iommuOn,
        };
    }

    private static (CpuVendor Vendor, string Source) DecideCpuVendor(HostTreeSpec spec)
    {
        if (spec.CpuVendor is { } given) return (given, "given");
        return spec.Listing.CpuVendorOfBridges() ?? (CpuVendor.Intel, "assumed: the listing shows no Intel or AMD bridge");
    }

    private static bool KernelCommandLineAsksPassthrough(string commandLine) =>
        BootLoaders.KernelCommandLine.Parse(commandLine).ValueOf("iommu") == "pt";

    /// <summary>The first 64 bytes of config space, consistent with the attribute files.</summary>
    private static byte[] ConfigSpace(IommuListingEntry entry, bool isBridge, bool multiFunction, int irq)
    {
        var config = new byte[64];
        WriteWord(config, 0x00, Hex(entry.VendorId!));
        WriteWord(config, 0x02, Hex(entry.DeviceId!));
        WriteWord(config, 0x04, 0x0007); // command: I/O, memory, bus master
        WriteWord(config, 0x06, 0x0010); // status: capabilities list
        config[0x08] = (byte)Hex(entry.Revision ?? "00");
        config[0x09] = 0x00;
        config[0x0a] = (byte)Hex(entry.ClassCode[2..]);
        config[0x0b] = (byte)Hex(entry.ClassCode[..2]);
        config[0x0e] = (byte)((isBridge ? 0x01 : 0x00) | (multiFunction ? 0x80 : 0x00));
        if (isBridge)
        {
            // Type 1 header: primary and secondary bus numbers (the subsystem lives in a capability there).
            config[0x18] = (byte)entry.Address.Bus;
        }
        else
        {
            WriteWord(config, 0x2c, Hex(entry.SubsystemVendorId ?? "0000"));
            WriteWord(config, 0x2e, Hex(entry.SubsystemDeviceId ?? "0000"));
        }
        config[0x34] = 0x40; // capabilities pointer
        config[0x3c] = (byte)irq;
        config[0x3d] = 0x01; // INTA#
        return config;
    }

    private static string Resources(bool isBridge)
    {
        // One line per resource: 6 BARs, the ROM and the SR-IOV BARs; bridges add their 4 windows.
        var lines = isBridge ? 17 : 13;
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++) text.Append("0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
        return text.ToString();
    }

    private static string Modalias(IommuListingEntry entry) =>
        string.Create(CultureInfo.InvariantCulture,
            $"pci:v0000{entry.VendorId!.ToUpperInvariant()}d0000{entry.DeviceId!.ToUpperInvariant()}sv0000{(entry.SubsystemVendorId ?? "0000").ToUpperInvariant()}sd0000{(entry.SubsystemDeviceId ?? "0000").ToUpperInvariant()}bc{entry.ClassCode[..2].ToUpperInvariant()}sc{entry.ClassCode[2..].ToUpperInvariant()}i00\n");

    /// <summary>An ACPI table: the 36-byte header (signature, length, revision, checksum, OEM fields) and a body.</summary>
    private static byte[] AcpiTable(string signature, byte revision, byte[] body)
    {
        var table = new byte[36 + body.Length];
        Encoding.ASCII.GetBytes(signature).CopyTo(table, 0);
        BitConverter.TryWriteBytes(table.AsSpan(4), table.Length);
        table[8] = revision;
        Encoding.ASCII.GetBytes("ALASKA").CopyTo(table, 10);
        Encoding.ASCII.GetBytes("A M I   ").CopyTo(table, 16);
        BitConverter.TryWriteBytes(table.AsSpan(24), 0x01072009);
        Encoding.ASCII.GetBytes("INTL").CopyTo(table, 28);
        BitConverter.TryWriteBytes(table.AsSpan(32), 0x20200717);
        body.CopyTo(table, 36);
        var sum = 0;
        foreach (var b in table) sum += b;
        table[9] = (byte)(0x100 - (sum & 0xff));
        return table;
    }

    private static string CpuInfoText(HostTreeSpec spec, CpuVendor vendor)
    {
        var amd = vendor == CpuVendor.Amd;
        var model = spec.CpuModel ?? (amd ? "AMD Ryzen 9 3900X 12-Core Processor" : "Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz");
        var flags = spec.CpuFlags?.ToList() ?? DefaultFlags(amd, spec.HardwareVirtualization, spec.Hypervisor);
        var logical = Math.Max(1, spec.LogicalCpus);
        var cores = logical % 2 == 0 && logical > 1 ? logical / 2 : logical;
        var text = new StringBuilder();
        for (var cpu = 0; cpu < logical; cpu++)
        {
            var core = cpu % cores;
            text.Append(CultureInfo.InvariantCulture, $"processor\t: {cpu}\n");
            text.Append(CultureInfo.InvariantCulture, $"vendor_id\t: {(amd ? "AuthenticAMD" : "GenuineIntel")}\n");
            text.Append(CultureInfo.InvariantCulture, $"cpu family\t: {(amd ? 23 : 6)}\n");
            text.Append(CultureInfo.InvariantCulture, $"model\t\t: {(amd ? 113 : 165)}\n");
            text.Append(CultureInfo.InvariantCulture, $"model name\t: {model}\n");
            text.Append(CultureInfo.InvariantCulture, $"stepping\t: {(amd ? 0 : 5)}\n");
            text.Append(CultureInfo.InvariantCulture, $"microcode\t: {(amd ? "0x8701021" : "0xf8")}\n");
            text.Append("cpu MHz\t\t: 3800.000\n");
            text.Append(CultureInfo.InvariantCulture, $"cache size\t: {(amd ? "512 KB" : "16384 KB")}\n");
            text.Append("physical id\t: 0\n");
            text.Append(CultureInfo.InvariantCulture, $"siblings\t: {logical}\n");
            text.Append(CultureInfo.InvariantCulture, $"core id\t\t: {core}\n");
            text.Append(CultureInfo.InvariantCulture, $"cpu cores\t: {cores}\n");
            text.Append(CultureInfo.InvariantCulture, $"apicid\t\t: {cpu}\n");
            text.Append(CultureInfo.InvariantCulture, $"initial apicid\t: {cpu}\n");
            text.Append("fpu\t\t: yes\nfpu_exception\t: yes\n");
            text.Append(CultureInfo.InvariantCulture, $"cpuid level\t: {(amd ? 16 : 22)}\n");
            text.Append("wp\t\t: yes\n");
            text.Append(CultureInfo.InvariantCulture, $"flags\t\t: {string.Join(' ', flags)}\n");
            if (!amd && flags.Contains("vmx")) text.Append(CultureInfo.InvariantCulture, $"vmx flags\t: {IntelVmxFlags}\n");
            text.Append(amd
                ? "bugs\t\t: sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass retbleed smt_rsb srso\n"
                : "bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds\n");
            text.Append("bogomips\t: 7600.00\n");
            if (amd) text.Append("TLB size\t: 3072 4K pages\n");
            text.Append("clflush size\t: 64\ncache_alignment\t: 64\n");
            text.Append(amd ? "address sizes\t: 43 bits physical, 48 bits virtual\n" : "address sizes\t: 39 bits physical, 48 bits virtual\n");
            text.Append(amd ? "power management: ts ttp tm hwpstate cpb eff_freq_ro [13] [14]\n\n" : "power management:\n\n");
        }
        return text.ToString();
    }

    private static List<string> DefaultFlags(bool amd, bool virtualization, bool hypervisor)
    {
        var flags = (amd ? AmdFlags : IntelFlags).Split(' ').ToList();
        if (!virtualization) flags.RemoveAll(f => f is "vmx" or "svm");
        if (hypervisor) flags.Insert(flags.IndexOf("rdrand") + 1, "hypervisor");
        return flags;
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static void WriteWord(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value & 0xff);
        buffer[offset + 1] = (byte)((value >> 8) & 0xff);
    }
}
