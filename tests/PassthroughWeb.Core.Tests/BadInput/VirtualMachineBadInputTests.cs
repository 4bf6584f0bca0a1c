using CsCheck;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Tests.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// libvirt domain XML, damaged and random: reading it fails only as a value (never an exception), and whatever step 4
/// would define is a domain that reads back and that planning again leaves alone.
/// </summary>
public sealed class VirtualMachineBadInputTests : IDisposable
{
    private readonly TemporaryHostRoot _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly string[] XmlTokens =
    [
        "<domain type='kvm'>", "</domain>", "<name>win10</name>", "<devices>", "</devices>", "<hostdev mode='subsystem' type='pci' managed='yes'>",
        "</hostdev>", "<source>", "</source>", "<address domain='0x0000' bus='0x2d' slot='0x00' function='0x0'/>", "<features>", "</features>",
        "<hyperv mode='custom'>", "<vendor_id state='on' value='randomid'/>", "<kvm><hidden state='on'/></kvm>", "<os>", "</os>",
        "<loader readonly='yes' type='pflash'>", "<tpm model='tpm-crb'>", "<rom file='/x.rom'/>", "<!DOCTYPE d [<!ENTITY e 'x'>]>", "&e;",
        "<?xml version='1.0'?>", "xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", "<qemu:commandline>", "bus='0xzz'", "function='0x9'",
        "domain='0x10000'", "slot='-1'", "<domain id='5'>", "&#0;", "&#x1F4A5;",
    ];

    private static readonly IReadOnlyList<string> Seeds = InputMutation.Seeds(["libvirt"],
        """
        <domain type='kvm'>
          <name>win10</name>
          <memory unit='KiB'>8388608</memory>
          <os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type></os>
          <features><acpi/><hyperv mode='custom'><relaxed state='on'/></hyperv></features>
          <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>
        </domain>
        """);

    [Fact]
    public void DomainDefinition_BadXml_FailsOnlyAsAValueAndStep4WritesOnlyDomainsThatReadBack()
    {
        var scan = VmHosts.Scan(_host);
        InputMutation.Of(Seeds, XmlTokens).SampleRepeatably(xml =>
        {
            if (!DomainDefinition.TryParse(xml, out var definition, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                Assert.Throws<FormatException>(() => DomainDefinition.Parse(xml));
                return;
            }
            var request = new VmPlanRequest
            {
                DomainName = definition.Name,
                Gpu = VmHosts.Gpu(0x2d),
                IsolatedFunctions = [VmHosts.Gpu(0x2d), VmHosts.Audio(0x2d)],
                HideHypervisor = true,
                HideHypervisorReason = "The card is an NVIDIA GeForce and the guest driver may be older than 465.",
            };
            var result = VmPlanner.Plan(_host.Root, scan, request, new VmDomainSnapshot { InactiveXml = xml, State = DomainState.ShutOff, OtherDomains = [] });
            if (result.Outcome != VmPlanOutcome.Planned || result.Plan is null) return;
            foreach (var change in result.Plan.Domains.Where(d => !d.IsNoOp))
            {
                Assert.True(DomainDefinition.TryParse(change.After, out var written, out var writtenError), writtenError);
                Assert.Equal(definition.Name, written.Name);
                var again = VmPlanner.Plan(_host.Root, scan, request, new VmDomainSnapshot { InactiveXml = change.After, State = DomainState.ShutOff, OtherDomains = [] });
                Assert.True(again.IsNothingToDo, $"planning on the planned domain is {again.Outcome}: {again.Message}; {InputMutation.Escape(change.After)}");
            }
        }, iter: InputMutation.Cases, threads: 1, print: InputMutation.Escape);
    }

    [Fact]
    public void DomainStates_RandomText_AlwaysAState() =>
        InputMutation.Of(["running\n", "shut off\n", "paused\n", "in shutdown\n", "pmsuspended\n", "crashed\n"], ["shut", "off", "running"]).SampleRepeatably(text =>
        {
            var state = DomainStates.Parse(text);
            Assert.True(Enum.IsDefined(state));
        }, iter: InputMutation.Cases, print: InputMutation.Escape);

    [Fact]
    public void GuestPciAddressAndHypervVendorId_RandomText_RefusedWithAMessageOrAccepted() =>
        InputMutation.Of(["randomid", "1234567890ab", "NV43FIX", "0000:2d:00.0"], ["randomid", ",", "'"]).SampleRepeatably(text =>
        {
            var problem = HypervVendorId.Validate(text);
            if (problem is null) Assert.InRange(text.Length, 1, HypervVendorId.MaxLength);
            else Assert.Contains("vendor_id", problem, StringComparison.Ordinal);
            if (PciAddress.TryParse(text, out var address)) Assert.Equal(address.Value, PciAddress.Parse(address.Value.ToString()));
        }, iter: InputMutation.Cases, print: InputMutation.Escape);
}
