using PassthroughWeb.Core.Import;
using System.Text;
using CsCheck;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// What the engine reads from a host and from programs, damaged and random: sysfs attribute values, pasted
/// <c>lspci -nnk</c> / IOMMU-group listings, the rehearsal guest's console (its evidence), /proc/cpuinfo, os-release,
/// pci.ids, the guest agent's replies, bootctl, lsinitramfs listings and the small values people type. Nothing throws;
/// problems come back as values that say what was wrong.
/// </summary>
public sealed class HostReadingBadInputTests : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private const string GuestDevice = "sys/devices/pci0000:00/0000:07:00.0";
    private readonly TemporaryHostRoot _host = new();

    public HostReadingBadInputTests() => SampleWorkstation.Build(_host.Path);

    public void Dispose() => _host.Dispose();

    [Fact]
    public void PciDeviceReader_BadAttributeValues_ReadsTheDeviceAndNamesTheProblem()
    {
        string[] attributes = ["vendor", "device", "class", "subsystem_vendor", "subsystem_device", "revision", "boot_vga", "reset_method", "driver_override"];
        // A file the fixture does not write (reset_method on a card a pre-5.15 kernel describes) is absent before and after each case.
        var originals = attributes.ToDictionary(a => a, a => File.Exists(_host.Combine(GuestDevice + "/" + a)) ? File.ReadAllText(_host.Combine(GuestDevice + "/" + a)) : null);
        var config = File.ReadAllBytes(_host.Combine(GuestDevice + "/config"));
        var names = PciIdDatabase.Load(_host.Root);
        var values = InputMutation.Of([.. originals.Values.OfType<string>(), "0x030000\n", "flr bus\n", "(null)\n", "1\n", "0x10de\n"], ["0x", "\n", "ffff", "(null)", "flr", "bus", "pm"]);
        var bytes = Gen.Byte.Array[0, 300];

        Gen.Select(Gen.Int[0, attributes.Length - 1].Array[1, 4], values, bytes, Gen.Bool).SampleRepeatably((which, value, configBytes, breakConfig) =>
        {
            foreach (var index in which) File.WriteAllText(_host.Combine(GuestDevice + "/" + attributes[index]), value, Utf8);
            if (breakConfig) File.WriteAllBytes(_host.Combine(GuestDevice + "/config"), configBytes);
            try
            {
                var device = PciDeviceReader.Read(_host.Root.OpenDirectory(PciDeviceReader.DevicesPath), SampleWorkstation.GuestGpu, "0000:07:00.0", names);

                Assert.Equal(SampleWorkstation.GuestGpu, device.Address);
                Assert.Matches("^[0-9a-f]{4}$", device.ClassCode);
                Assert.All(device.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p)));
            }
            finally
            {
                // Only what this case broke is put back: a case writes a few files, not all of them.
                foreach (var index in which.Distinct())
                {
                    var path = _host.Combine(GuestDevice + "/" + attributes[index]);
                    if (originals[attributes[index]] is { } original) File.WriteAllText(path, original);
                    else File.Delete(path);
                }
                if (breakConfig) File.WriteAllBytes(_host.Combine(GuestDevice + "/config"), config);
            }
        }, iter: InputMutation.Cases, threads: 1, print: t => $"{string.Join(",", t.Item1.Select(i => attributes[i]))} = {InputMutation.Escape(t.Item2)}, config broken: {t.Item4}");
    }

    [Fact]
    public void HostScanner_BadSysfsValues_ScanCompletesWithEveryDevice()
    {
        // The whole scan is slower (tens of milliseconds on a busy machine); fewer cases, each breaking several files of several devices.
        // Links are skipped: sysfs links point back up the tree (subsystem, driver, iommu_group) and would be walked forever.
        var files = Directory.EnumerateFiles(_host.Combine("sys/devices"), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => Path.GetFileName(f) is "vendor" or "device" or "class" or "boot_vga" or "reset_method" or "driver_override" or "revision")
            .Order(StringComparer.Ordinal).ToArray();
        var originals = files.ToDictionary(f => f, File.ReadAllText);
        var scanner = new HostScanner(TimeProvider.System);
        var count = scanner.Scan(_host.Root).Devices.Count;
        Gen.Select(Gen.Int[0, files.Length - 1].Array[1, 8], InputMutation.Of([.. originals.Values.Distinct()], ["0x", "ffff"])).SampleRepeatably((which, value) =>
        {
            foreach (var index in which) File.WriteAllText(files[index], value, Utf8);
            try
            {
                var report = scanner.Scan(_host.Root);
                Assert.Equal(count, report.Devices.Count);
            }
            finally
            {
                foreach (var index in which) File.WriteAllText(files[index], originals[files[index]]);
            }
        }, iter: 200, threads: 1, print: t => InputMutation.Escape(t.Item2));
    }

    [Fact]
    public void IommuListing_BadPastedListings_ParsesWithoutThrowingAndEveryEntryHasAnAddress()
    {
        var seeds = InputMutation.Seeds(["iommu"], SampleWorkstation.ListingText);
        InputMutation.Of(seeds, ["IOMMU Group ", "IOMMU group ", "\t", "[0300]", "[10de:1b80]", "(rev a1)", "Kernel driver in use: ", "Kernel modules: ", "00:02.0 ", "0000:07:00.1 ", ": "]).SampleRepeatably(text =>
        {
            var listing = IommuListing.Parse(text);
            Assert.All(listing.Entries, e => Assert.Equal(e.Address, PciAddress.Parse(e.Address.ToString())));
            Assert.All(listing.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            listing.WithDetailsFrom(listing);
        }, iter: InputMutation.Cases, print: InputMutation.Escape);
    }

    [Fact]
    public void EvidenceParser_BadConsoleLogs_ReadsWhatItCanAndTheJudgeStillJudges()
    {
        const string console = """
            Loading, please wait...
            PWEVIDENCE begin initramfs-tools
            PWEVIDENCE cmdline console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt
            PWEVIDENCE device address=0000:00:03.0 id=0x1234:0x1111 class=0x030000 driver=bochs-drm group=1 override=(null)
            PWEVIDENCE device address=0000:00:04.0 id=0x1234:0x1111 class=0x030000 driver=vfio-pci group=2 override=vfio-pci
            PWEVIDENCE groups 6
            PWEVIDENCE modules bochs drm_vram_helper vfio_pci vfio_pci_core irqbypass vfio_virqfd vfio_iommu_type1 vfio
            PWEVIDENCE udevd-start 531
            PWEVIDENCE kmsg [    4.770367] vfio-bind: 0000:00:04.0: driver_override is vfio-pci, probed
            PWEVIDENCE end
            [   13.942192] reboot: Power down
            """;
        var card = new PciAddress(0, 0, 4, 0);
        var expected = new RehearsalExpectation
        {
            KernelParameters = ["intel_iommu=on", "iommu=pt"],
            ForbiddenParameters = ["intel_iommu=off"],
            PassedFunctions = [card],
            Modules = ["vfio_pci", "vfio", "vfio_iommu_type1"],
            BindsByAddress = true,
        };
        IReadOnlyList<EmulatedDisplay> displays = [EmulatedDisplay.Vga(new PciAddress(0, 0, 3, 0)), EmulatedDisplay.Vga(card)];
        InputMutation.Of([console, console.Replace("\n", "\r\n", StringComparison.Ordinal)],
            ["PWEVIDENCE ", "device ", "address=", "id=0x", "class=", "driver=", "group=", "override=", "kmsg [", "]", "udevd-start ", "groups ", "begin", "end", "cmdline ", "modules "])
            .SampleRepeatably(text =>
            {
                var evidence = EvidenceParser.Parse(text);
                Assert.All(evidence.Devices, d => Assert.Equal(d.Address, PciAddress.Parse(d.Address.ToString())));
                Assert.All(evidence.KernelMessages, m => Assert.True(double.IsFinite(m.Seconds) && m.Seconds >= 0, $"{m.Seconds}"));
                if (evidence.UdevStartedAt is { } udev) Assert.True(double.IsFinite(udev) && udev >= 0, $"{udev}");
                var checks = RehearsalJudge.Judge(evidence, expected, displays);
                Assert.NotEmpty(checks);
                Assert.All(checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Name)));
            }, iter: InputMutation.Cases, print: InputMutation.Escape);
    }

    [Fact]
    public void SmallHostFiles_BadText_ReadWithoutThrowing()
    {
        var cpuinfo = File.ReadAllText(_host.Combine("proc/cpuinfo"));
        var pciIds = string.Join('\n', File.ReadLines(File.Exists("/usr/share/misc/pci.ids") ? "/usr/share/misc/pci.ids" : _host.Combine("proc/cpuinfo")).Take(300));
        string[] seeds =
        [
            cpuinfo, pciIds,
            "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\nPRETTY_NAME=\"Arch Linux\"\n",
            "System:\n      Firmware: UEFI 2.70 (American Megatrends 5.17)\n  Current Boot Loader:\n      Product: systemd-boot 255.4-1-arch\n",
            "usr/lib/modules/6.1.0/kernel/drivers/vfio/pci/vfio-pci.ko\netc/modprobe.d/vfio.conf\n",
            "{\"return\": {\"name\": \"Microsoft Windows 11\", \"id\": \"mswindows\"}}",
            "passthrough-admins=admin\nlab=operator\n",
            "1002:73bf,1002:ab28",
            "6.12.4-arch1-1",
            "host,isolate",
            "550.54.14",
        ];
        InputMutation.Of(seeds, [":", "=", "\t", "{", "}", "\"", "vendor_id", "flags", "0x"]).SampleRepeatably(text =>
        {
            CpuInfoReader.Parse(text);
            OsRelease.Parse(text);
            PciIdDatabase.Parse(text);
            BootLoaderDetector.ParseBootctl(text);
            InitramfsInspector.ParseListing(text);
            GuestAgentReply.Parse(text);
            var (_, errors) = HostGroupRole.Parse(text);
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
            VfioPciId.ParseList(text);
            InstalledKernel.ParseRelease(text);
            if (NvidiaDriverVersion.TryParse(text, out var version)) Assert.True(NvidiaDriverVersion.TryParse(version.ToString(), out _));
            if (HostSteps.TryParse(text, out var stepsProblem) is null) Assert.False(string.IsNullOrWhiteSpace(stepsProblem));
        }, iter: InputMutation.Cases, print: InputMutation.Escape);
    }
}
