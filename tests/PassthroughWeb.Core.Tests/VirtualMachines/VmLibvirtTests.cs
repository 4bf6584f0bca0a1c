using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>
/// Step 4 against the real libvirtd: each corpus domain defined here, planned through virsh, the plan's XML defined
/// with --validate, read back and checked with virt-xml-validate, then the previous XML defined again (rollback).
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class VmLibvirtTests(LibvirtDaemon daemon) : IDisposable
{
    private readonly TemporaryHostRoot _host = new();
    private ScanReport? _scan;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> CorpusDomains => new(RepositoryPaths.CorpusFileNames("libvirt"));

    private ScanReport Scan() => _scan ??= VmHosts.Scan(_host);

    private Virsh Virsh => new(daemon.Runner, LibvirtDaemon.Uri);

    private static VmPlanRequest Request(string name) => new()
    {
        DomainName = name,
        Gpu = VmHosts.Gpu(0x2d),
        IsolatedFunctions = [VmHosts.Gpu(0x2d), VmHosts.Audio(0x2d)],
        HideHypervisor = true,
        HideHypervisorReason = "The card is an NVIDIA GeForce and the guest driver may be older than 465.",
    };

    /// <summary>Defines XML as a user's tool would (no --validate: libvirt drops what its version does not know).</summary>
    private async Task DefineLooselyAsync(string xml)
    {
        var path = Path.Combine(Path.GetTempPath(), LibvirtDaemon.NewDomainName("xml") + ".xml");
        await File.WriteAllTextAsync(path, xml, Ct);
        try
        {
            await daemon.MustAsync("define", "--file", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<string> InactiveXmlAsync(string name)
    {
        var xml = await Virsh.DumpXmlAsync(name, inactive: true, Ct);
        Assert.True(xml.Succeeded, xml.Error?.Detail);
        return xml.GetValue();
    }

    private async Task ValidateAsync(string xml)
    {
        var path = Path.Combine(Path.GetTempPath(), LibvirtDaemon.NewDomainName("validate") + ".xml");
        await File.WriteAllTextAsync(path, xml, Ct);
        try
        {
            var result = await daemon.Runner.RunAsync(new CommandRequest("virt-xml-validate", [path, "domain"]), Ct);
            if (!result.Started) Assert.Skip("virt-xml-validate is not installed here (apt-get install libxml2-utils libvirt-clients).");
            Assert.True(result.Succeeded, result.StandardOutput + result.StandardError);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task UndefineAsync(string name)
    {
        await daemon.VirshAsync("destroy", "--domain", name);
        await daemon.VirshAsync("undefine", "--nvram", "--domain", name);
    }

    [Theory]
    [MemberData(nameof(CorpusDomains))]
    public async Task CorpusDomain_PlannedThroughVirsh_DefinesValidatesAndRollsBack(string file)
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("corpus");
        await DefineLooselyAsync(DefinableDomain.From(File.ReadAllText(RepositoryPaths.RequireCorpusFile("libvirt", file)), name));
        try
        {
            var before = await InactiveXmlAsync(name);
            var result = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(name), Virsh, Ct);
            Assert.True(result.Outcome == VmPlanOutcome.Planned, result.Message);
            var change = Assert.Single(result.Plan!.Domains);
            Assert.Equal((LibvirtDaemon.Uri, name, before), (change.Connection, change.Name, change.Before));
            if (result.Domain!.MachineFamily == MachineFamily.I440fx)
                Assert.Contains(result.Findings, f => f.Id == "machine-i440fx" && !f.FixedByPlan);

            await ValidateAsync(change.After);
            var defined = await Virsh.DefineAsync(change.After, Ct);
            Assert.True(defined.Succeeded, defined.Error?.Detail);

            var now = await InactiveXmlAsync(name);
            await ValidateAsync(now);
            var domain = DomainDefinition.Parse(now);
            foreach (var function in new[] { VmHosts.Gpu(0x2d), VmHosts.Audio(0x2d) })
                Assert.True(Assert.Single(domain.PciHostdevs, h => h.Source == function).Managed);
            // A valid vendor_id the user set is kept; otherwise the guide's value.
            var expected = result.Domain.VendorId is { On: true, Value: { } kept } && HypervVendorId.Validate(kept) is null ? kept : VmPlanRequest.DefaultVendorId;
            Assert.Equal((true, expected), (domain.VendorId!.On, domain.VendorId.Value));
            Assert.True(domain.KvmHidden);
            Assert.Equal(FirmwareKind.Uefi, domain.Firmware);

            // Rollback: the previous XML defined again gives back exactly what was there.
            var rolledBack = await Virsh.DefineAsync(before, Ct);
            Assert.True(rolledBack.Succeeded, rolledBack.Error?.Detail);
            Assert.Equal(before, await InactiveXmlAsync(name));
        }
        finally
        {
            await UndefineAsync(name);
        }
    }

    [Fact]
    public async Task OddName_PlansDefinesAndThenHasNothingMoreToDo_ButA13CharacterVendorIdIsRefused()
    {
        daemon.Require();
        var name = LibvirtDaemon.NewDomainName("odd") + " \"Win 11\" 'gaming' — Grüße ✓";
        var xml = $"<domain type='qemu'><name>{System.Security.SecurityElement.Escape(name)}</name><memory unit='MiB'>64</memory>" +
                  "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";
        var first = await Virsh.DefineAsync(xml, Ct);
        Assert.True(first.Succeeded, first.Error?.Detail);
        try
        {
            var before = await InactiveXmlAsync(name);
            var refused = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(name) with { VendorId = "thirteenchars" }, Virsh, Ct);
            Assert.Equal(VmPlanOutcome.Error, refused.Outcome);
            Assert.Contains("'thirteenchars' has 13 characters", refused.Message, StringComparison.Ordinal);
            Assert.Equal(before, await InactiveXmlAsync(name));

            var result = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(name), Virsh, Ct);
            var change = Assert.Single(result.Plan!.Domains);
            Assert.Contains(result.Findings, f => f.Id == "firmware-bios" && f.FixedByPlan);
            var defined = await Virsh.DefineAsync(change.After, Ct);
            Assert.True(defined.Succeeded, defined.Error?.Detail);
            Assert.Equal(name, DomainDefinition.Parse(await InactiveXmlAsync(name)).Name);

            var again = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(name), Virsh, Ct);
            Assert.True(again.IsNothingToDo, again.Message);
        }
        finally
        {
            await UndefineAsync(name);
        }
    }

    [Fact]
    public async Task CardInAnotherDefinedVm_IsFoundThroughVirsh()
    {
        daemon.Require();
        var owner = LibvirtDaemon.NewDomainName("owner");
        var chosen = LibvirtDaemon.NewDomainName("chosen");
        string Xml(string n, string devices) =>
            $"<domain type='qemu'><name>{n}</name><memory unit='MiB'>64</memory><os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os><features><acpi/></features><devices>{devices}</devices></domain>";
        try
        {
            Assert.True((await Virsh.DefineAsync(Xml(owner, "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x2d' slot='0x00' function='0x1'/></source></hostdev>"), Ct)).Succeeded);
            Assert.True((await Virsh.DefineAsync(Xml(chosen, ""), Ct)).Succeeded);
            var result = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(chosen), Virsh, Ct);
            var finding = Assert.Single(result.Findings, f => f.Id == "hostdev-in-other-vm");
            Assert.Contains($"'{owner}' is also given 0000:2d:00.1", finding.Explanation, StringComparison.Ordinal);
        }
        finally
        {
            await UndefineAsync(owner);
            await UndefineAsync(chosen);
        }
    }

    [Fact]
    public async Task UnknownVm_IsAnErrorNamingTheDefinedOnes()
    {
        daemon.Require();
        var result = await VmPlanner.PlanAsync(_host.Root, Scan(), Request("pwtest-no-such-vm"), Virsh, Ct);
        Assert.Equal(VmPlanOutcome.Error, result.Outcome);
        Assert.StartsWith($"There is no VM named 'pwtest-no-such-vm' at {LibvirtDaemon.Uri}.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningDomain_IsRefusedAndACleanShutdownIsOnlyAsked()
    {
        daemon.Require();
        // Starting needs virtlogd next to libvirtd; a TCG guest with 32 MiB and no disk starts here (it has no OS, so it ignores the ACPI button).
        using var virtlogd = await Virtlogd.StartAsync(daemon.Runner);
        if (virtlogd.Unavailable is { } why) Assert.Skip(why);
        var name = LibvirtDaemon.NewDomainName("running");
        var xml = $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>32</memory><os><type arch='x86_64' machine='q35'>hvm</type></os>" +
                  "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";
        try
        {
            Assert.True((await Virsh.DefineAsync(xml, Ct)).Succeeded);
            await daemon.MustAsync("start", "--domain", name);
            var before = await InactiveXmlAsync(name);

            var result = await VmPlanner.PlanAsync(_host.Root, Scan(), Request(name), Virsh, Ct);
            Assert.Equal(VmPlanOutcome.Refused, result.Outcome);
            Assert.True(result.CanOfferShutdown);
            Assert.Null(result.Plan);
            Assert.Equal("vm-running", Assert.Single(result.Findings, f => f.Severity == VmFindingSeverity.Blocking).Id);

            var shutdown = await Virsh.ShutdownAsync(name, Ct);
            Assert.True(shutdown.Succeeded, shutdown.Error?.Detail);
            Assert.Equal(before, await InactiveXmlAsync(name));
        }
        finally
        {
            await UndefineAsync(name);
        }
    }
}
