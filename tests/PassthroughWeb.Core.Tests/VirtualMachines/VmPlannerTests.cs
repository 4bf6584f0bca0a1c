using System.Text.RegularExpressions;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>Step 4's checks and edits on the real domain XMLs of the corpus, without libvirt (the planner is a pure function).</summary>
public sealed partial class VmPlannerTests : IDisposable
{
    private readonly TemporaryHostRoot _host = new();
    private readonly Dictionary<int, ScanReport> _scans = [];

    public void Dispose() => _host.Dispose();

    /// <summary>One fixture host per test, written and scanned once (plans made twice share it).</summary>
    private ScanReport Scan(int bus)
    {
        if (!_scans.TryGetValue(bus, out var scan)) _scans[bus] = scan = VmHosts.Scan(_host, bus);
        return scan;
    }

    public static TheoryData<string> CorpusDomains => new(RepositoryPaths.CorpusFileNames("libvirt"));

    private static string Corpus(string file) => File.ReadAllText(RepositoryPaths.RequireCorpusFile("libvirt", file));

    private static VmPlanRequest Request(string name, int bus = 0x2d) => new()
    {
        DomainName = name,
        Gpu = VmHosts.Gpu(bus),
        IsolatedFunctions = [VmHosts.Gpu(bus), VmHosts.Audio(bus)],
        HideHypervisor = true,
        HideHypervisorReason = "The card is an NVIDIA GeForce and the guest driver may be older than 465.",
    };

    private VmPlanResult Plan(string xml, VmPlanRequest? request = null, DomainState state = DomainState.ShutOff, IReadOnlyList<DomainDefinition>? others = null, int bus = 0x2d)
    {
        var scan = Scan(bus);
        request ??= Request(DomainDefinition.Parse(xml).Name, bus);
        return VmPlanner.Plan(_host.Root, scan, request, new VmDomainSnapshot { InactiveXml = xml, State = state, OtherDomains = others ?? [] });
    }

    private static DomainChange OnlyChange(VmPlanResult result)
    {
        Assert.True(result.Outcome == VmPlanOutcome.Planned, result.Message);
        Assert.Equal(["vm"], result.Plan!.Steps);
        Assert.Empty(result.Plan.Files);
        Assert.Empty(result.Plan.Commands);
        return Assert.Single(result.Plan.Domains);
    }

    [Theory]
    [MemberData(nameof(CorpusDomains))]
    public void Plan_EveryCorpusDomain_AddsBothFunctionsAndHidingAndChangesNoOtherLine(string file)
    {
        var before = Corpus(file);
        var change = OnlyChange(Plan(before));
        Assert.Equal(before, change.Before);

        var after = DomainDefinition.Parse(change.After);
        foreach (var function in new[] { VmHosts.Gpu(0x2d), VmHosts.Audio(0x2d) })
            Assert.True(Assert.Single(after.PciHostdevs, h => h.Source == function).Managed);
        Assert.Equal(DomainDefinition.Parse(before).PciHostdevs.Count + 2, after.PciHostdevs.Count);
        Assert.True(after.VendorId!.On);
        Assert.True(after.KvmHidden);
        Assert.Equal(FirmwareKind.Uefi, after.Firmware);

        // Only the intended lines: removed lines are ones that gained an attribute (or an empty element that gained a child).
        var oldLines = TextLines.Split(before);
        var newLines = TextLines.Split(change.After);
        var (deleted, inserted) = LineDiff.Compare(oldLines, newLines);
        var removed = oldLines.Where((_, i) => deleted[i]).ToList();
        Assert.All(removed, line => Assert.Matches(EditedLine(), line));
        Assert.True(removed.Count <= 3, string.Join("\n", removed));
        var added = newLines.Where((_, i) => inserted[i]).ToList();
        Assert.All(added, line => Assert.Matches(AddedLine(), line));
        Assert.Equal(oldLines.Count - removed.Count, newLines.Count - added.Count);
        Assert.Equal(before.StartsWith("<?xml", StringComparison.Ordinal), change.After.StartsWith("<?xml", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\s*<(os|vendor_id|hidden|kvm|hyperv|features)\b")]
    private static partial Regex EditedLine();

    [GeneratedRegex(@"^\s*</?(hostdev|source|address|rom|vendor_id|hidden|kvm|hyperv|features|os|acpi|controller)\b")]
    private static partial Regex AddedLine();

    [Fact]
    public void Plan_NewHostdevs_WrittenInTheDocumentsOwnStyle()
    {
        // MapManagement's file uses double quotes and two-space indentation; joe-p's single quotes.
        // The card gets one guest slot: a new root port after the highest controller index (10), both functions on it.
        var doubleQuoted = OnlyChange(Plan(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"))).After;
        Assert.Contains("""
                <hostdev mode="subsystem" type="pci" managed="yes">
                  <source>
                    <address domain="0x0000" bus="0x2d" slot="0x00" function="0x1"/>
                  </source>
                  <address type="pci" domain="0x0000" bus="0x0b" slot="0x00" function="0x1"/>
                </hostdev>
            """.Replace("\r\n", "\n", StringComparison.Ordinal), doubleQuoted, StringComparison.Ordinal);
        Assert.Contains("""<address type="pci" domain="0x0000" bus="0x0b" slot="0x00" function="0x0" multifunction="on"/>""", doubleQuoted, StringComparison.Ordinal);
        Assert.Contains("    </controller>\n    <controller type=\"pci\" index=\"11\" model=\"pcie-root-port\"/>\n", doubleQuoted.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var singleQuoted = OnlyChange(Plan(Corpus("joe-p-win10-1080ti-rom-hidden.xml"))).After;
        Assert.Contains("<address domain='0x0000' bus='0x2d' slot='0x00' function='0x0'/>", singleQuoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_I440fxDomain_WarnsThatTheFixIsANewQ35VmNotAnEdit()
    {
        var result = Plan(Corpus("foxleigh81-unraid-win10-i440fx-gtx980ti-rom.xml"));
        var finding = Assert.Single(result.Findings, f => f.Id == "machine-i440fx");
        Assert.Equal(VmFindingSeverity.Warning, finding.Severity);
        Assert.False(finding.FixedByPlan);
        Assert.Contains("pc-i440fx-2.7", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Create a new VM with the q35 chipset", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("does not switch the chipset in place", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("machine='pc-i440fx-2.7'", OnlyChange(result).After, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BiosQ35Domain_SwitchesToEfiAndWarnsAboutAnInstalledBiosGuest()
    {
        var before = Corpus("ohthehugemanatee-win10-q35-seabios-usb-only.xml");
        var result = Plan(before);
        var finding = Assert.Single(result.Findings, f => f.Id == "firmware-bios");
        Assert.True(finding.FixedByPlan);
        Assert.Contains("will not boot from UEFI until its disk is converted to GPT", finding.Fix, StringComparison.Ordinal);
        var after = OnlyChange(result).After;
        Assert.Contains("  <os firmware='efi'>\n", after, StringComparison.Ordinal);
        Assert.StartsWith("<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE.", after, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Id.StartsWith("machine-", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RunningDomain_IsRefusedAndOffersACleanShutdown()
    {
        var result = Plan(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"), state: DomainState.Running);
        Assert.Equal(VmPlanOutcome.Refused, result.Outcome);
        Assert.Null(result.Plan);
        Assert.True(result.CanOfferShutdown);
        var finding = Assert.Single(result.Findings, f => f.Severity == VmFindingSeverity.Blocking);
        Assert.Equal("vm-running", finding.Id);
        Assert.Contains("never forces a VM off", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PausedDomain_IsRefusedWithoutOfferingAShutdown()
    {
        var result = Plan(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"), state: DomainState.Paused);
        Assert.Equal(VmPlanOutcome.Refused, result.Outcome);
        Assert.False(result.CanOfferShutdown);
    }

    [Fact]
    public void Plan_VmThatAlreadyHasEverything_PlansNothing()
    {
        var first = OnlyChange(Plan(Corpus("phanen-laptop-rtx2060-multifunction-kvmfr.xml")));
        var again = Plan(first.After);
        Assert.True(again.IsNothingToDo, again.Message);
        Assert.Empty(again.Plan!.Domains);
        Assert.Contains("nothing to change", again.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(again.Findings, f => f.FixedByPlan);
    }

    [Theory]
    [InlineData("abcdefghijklm", "has 13 characters")]
    [InlineData("", "empty")]
    [InlineData("a,b", "without commas")]
    public void Plan_InvalidVendorId_IsAnErrorAndChangesNothing(string vendorId, string reason)
    {
        var xml = Corpus("MapManagement-win10-scream-lookingglass-shmem.xml");
        var result = Plan(xml, Request("win10-ow") with { VendorId = vendorId });
        Assert.Equal(VmPlanOutcome.Error, result.Outcome);
        Assert.Null(result.Plan);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TwelveCharacterVendorId_IsSet()
    {
        var change = OnlyChange(Plan(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"), Request("win10-ow") with { VendorId = "abcdefghijkl" }));
        Assert.Contains("<vendor_id state=\"on\" value=\"abcdefghijkl\"/>", change.After, StringComparison.Ordinal);
        Assert.DoesNotContain("whatever", change.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_HidingNotRequested_LeavesFeaturesAndSaysWhy()
    {
        var before = Corpus("Bastiantkt-laptop-muxless-win11-live-dumpxml.xml");
        var result = Plan(before, Request("win11") with { HideHypervisor = false, HideHypervisorReason = "AMD drivers do not check for a hypervisor." });
        var after = DomainDefinition.Parse(OnlyChange(result).After);
        Assert.Null(after.VendorId);
        Assert.Null(after.KvmHidden);
        Assert.Contains("AMD drivers do not check", Assert.Single(result.Findings, f => f.Id == "hypervisor-visible").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EmptyKvmElementAndExistingVendorId_AddsOnlyHidden()
    {
        // OzzyHelix's <kvm> is empty and its vendor_id 'NVIDIA!' is valid: kept as the user set it.
        var change = OnlyChange(Plan(Corpus("OzzyHelix-win-gvr-lookingglass-tpm-passthrough.xml")));
        Assert.Contains("    <kvm>\n      <hidden state=\"on\"/>\n    </kvm>", change.After, StringComparison.Ordinal);
        Assert.Equal("NVIDIA!", DomainDefinition.Parse(change.After).VendorId!.Value);
    }

    [Fact]
    public void Plan_CardInAnotherDefinedVm_Warns()
    {
        var other = DomainDefinition.Parse(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml")); // has 08:00.0 and 08:00.1
        var result = Plan(Corpus("LK4D4-fedora-plain-linux-kernel-boot.xml"), Request("Fedora", 0x08), others: [other], bus: 0x08);
        var finding = Assert.Single(result.Findings, f => f.Id == "hostdev-in-other-vm");
        Assert.Equal(VmFindingSeverity.Warning, finding.Severity);
        Assert.Contains("'win10-ow'", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("0000:08:00.0 and 0000:08:00.1", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(VmPlanOutcome.Planned, result.Outcome);
    }

    [Fact]
    public void Plan_FunctionStep3DidNotIsolate_Warns()
    {
        var scan = VmHosts.Scan(_host, isolated: false);
        var request = Request("win10-ow") with { IsolatedFunctions = [VmHosts.Gpu(0x2d)] };
        var result = VmPlanner.Plan(_host.Root, scan, request, new VmDomainSnapshot { InactiveXml = Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"), State = DomainState.ShutOff, OtherDomains = [] });
        var finding = Assert.Single(result.Findings, f => f.Id == "function-not-isolated");
        Assert.StartsWith("0000:2d:00.1 is not bound to vfio-pci", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Do step 3", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_IsolatedByTheScanOrTheRequest_DoesNotWarn()
    {
        var result = Plan(Corpus("MapManagement-win10-scream-lookingglass-shmem.xml"), Request("win10-ow") with { IsolatedFunctions = [] });
        Assert.DoesNotContain(result.Findings, f => f.Id == "function-not-isolated"); // the scan shows both on vfio-pci
    }

    [Fact]
    public void Plan_UnmanagedCardFunctions_BecomeManaged()
    {
        var result = Plan(Corpus("joe-p-win10-1080ti-rom-hidden.xml"), Request("win10", 0x0b), bus: 0x0b);
        Assert.Single(result.Findings, f => f.Id == "hostdev-unmanaged" && f.FixedByPlan);
        var after = DomainDefinition.Parse(OnlyChange(result).After);
        Assert.True(after.PciHostdevs.Single(h => h.Source == VmHosts.Gpu(0x0b)).Managed);
        Assert.True(after.PciHostdevs.Single(h => h.Source == VmHosts.Audio(0x0b)).Managed);
        Assert.False(after.PciHostdevs.Single(h => h.Source == new PciAddress(0, 7, 0, 0)).Managed); // the NIC is not the card's
        Assert.DoesNotContain(result.Findings, f => f.Id == "hostdev-missing");
    }

    [Fact]
    public void Plan_FunctionsOnSeparateGuestBuses_AreGatheredOnTheGpusGuestSlotAsMultifunction()
    {
        // CappyT places 01:00.0 on guest bus 6 and 01:00.1 on guest bus 7.
        var result = Plan(Corpus("CappyT-g14-laptop-win10-4func-ssdt-lookingglass.xml"), Request("win10", 0x01), bus: 0x01);
        Assert.Single(result.Findings, f => f.Id == "functions-split" && f.FixedByPlan);
        var after = DomainDefinition.Parse(OnlyChange(result).After);
        Assert.Equal(new GuestPciAddress { Address = new PciAddress(0, 6, 0, 0), Multifunction = true }, after.PciHostdevs.Single(h => h.Source == VmHosts.Gpu(1)).GuestAddress);
        Assert.Equal(new GuestPciAddress { Address = new PciAddress(0, 6, 0, 1) }, after.PciHostdevs.Single(h => h.Source == VmHosts.Audio(1)).GuestAddress);
    }

    [Fact]
    public void Plan_MissingFunctionWhenTheCardIsPlaced_JoinsItsGuestSlot()
    {
        var xml = Corpus("phanen-laptop-rtx2060-multifunction-kvmfr.xml"); // 01:00.0–.3 on guest 01:00.x, multifunction
        var scan = Scan(0x01);
        var stripped = xml.Replace("""
                <hostdev mode='subsystem' type='pci' managed='yes'>
                  <source>
                    <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>
                  </source>
                  <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>
                </hostdev>

            """.Replace("\r\n", "\n", StringComparison.Ordinal), "", StringComparison.Ordinal);
        Assert.NotEqual(xml, stripped);
        var result = VmPlanner.Plan(_host.Root, scan, Request("win11-2", 0x01), new VmDomainSnapshot { InactiveXml = stripped, State = DomainState.ShutOff, OtherDomains = [] });
        var after = DomainDefinition.Parse(OnlyChange(result).After);
        Assert.Equal(new PciAddress(0, 1, 0, 1), after.PciHostdevs.Single(h => h.Source == VmHosts.Audio(1)).GuestAddress!.Address);
        Assert.DoesNotContain(result.Findings, f => f.Id == "functions-split");
    }

    [Fact]
    public void Plan_DuplicateHostdev_KeepsTheFirst()
    {
        var xml = Corpus("MapManagement-win10-scream-lookingglass-shmem.xml");
        var hostdev = """
                <hostdev mode="subsystem" type="pci" managed="yes">
                  <source>
                    <address domain="0x0000" bus="0x08" slot="0x00" function="0x1"/>
                  </source>
                </hostdev>
            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        var doubled = xml.Replace("  </devices>", hostdev + "\n  </devices>", StringComparison.Ordinal);
        var result = Plan(doubled, Request("win10-ow", 0x08), bus: 0x08);
        Assert.Single(result.Findings, f => f.Id == "hostdev-duplicate");
        var change = OnlyChange(result);
        Assert.Equal(2, DomainDefinition.Parse(change.After).PciHostdevs.Count);
        Assert.Equal(OnlyChange(Plan(xml, Request("win10-ow", 0x08), bus: 0x08)).After, change.After); // the repeat is gone, nothing else differs
    }

    [Fact]
    public void Plan_RomFileOnTheHost_IsSetOnTheDisplayFunction()
    {
        var result = Plan(Corpus("Snekutaren-win11-rx9070xt-rom-tpm-crb.xml"), Request("win11-ng2", 0x03) with { RomFile = VmHosts.RomPath }, bus: 0x03);
        var after = DomainDefinition.Parse(OnlyChange(result).After);
        var vga = after.PciHostdevs.Single(h => h.Source == VmHosts.Gpu(3));
        Assert.Equal((VmHosts.RomPath, "off"), (vga.RomFile, vga.RomBar));
        Assert.Equal("/home/owdious/rx9070xt.rom", after.PciHostdevs.Single(h => h.Source == VmHosts.Audio(3)).RomFile);
    }

    [Fact]
    public void Plan_RomFileOnANewHostdev_IsWrittenInIt()
    {
        var after = DomainDefinition.Parse(OnlyChange(Plan(Corpus("LK4D4-fedora-plain-linux-kernel-boot.xml"), Request("Fedora") with { RomFile = VmHosts.RomPath })).After);
        Assert.Equal(VmHosts.RomPath, after.PciHostdevs.Single(h => h.Source == VmHosts.Gpu(0x2d)).RomFile);
        Assert.Null(after.PciHostdevs.Single(h => h.Source == VmHosts.Audio(0x2d)).RomFile);
    }

    [Fact]
    public void Plan_RomFileMissingOnTheHost_IsAnError()
    {
        var result = Plan(Corpus("LK4D4-fedora-plain-linux-kernel-boot.xml"), Request("Fedora") with { RomFile = "/var/lib/libvirt/vbios/missing.rom" });
        Assert.Equal(VmPlanOutcome.Error, result.Outcome);
        Assert.StartsWith("The ROM file /var/lib/libvirt/vbios/missing.rom does not exist on the host", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_CardNotInTheScan_IsAnError()
    {
        var result = Plan(Corpus("LK4D4-fedora-plain-linux-kernel-boot.xml"), Request("Fedora") with { Gpu = new PciAddress(0, 0x77, 0, 0) });
        Assert.Equal(VmPlanOutcome.Error, result.Outcome);
        Assert.Contains("No PCI device at 0000:77:00.0", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MediatedDevice_IsNotedAsNotPassthrough()
    {
        var result = Plan(Corpus("X-Seed-win10-nvidia-vgpu-mdev-hostdev.xml"));
        Assert.Contains("not PCI passthrough", Assert.Single(result.Findings, f => f.Id == "mdev-present").Explanation, StringComparison.Ordinal);
        Assert.Single(DomainDefinition.Parse(OnlyChange(result).After).MediatedHostdevs);
    }
}
