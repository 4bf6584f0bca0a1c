using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>The virsh client against the real libvirtd: odd names, states, XML round trips and failures as values.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class VirshTests(LibvirtDaemon daemon)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Virsh_DomainWithSpacesQuotesUnicodeAndLeadingDash_ListsDumpsRedefinesAndUndefines()
    {
        daemon.Require();
        // Quotes, spaces and Unicode must survive the argument list and the one-name-per-line listing.
        var name = LibvirtDaemon.NewDomainName("odd") + " \"quoted\" 'single' Grüße 名前";
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var xml = $"<domain type='qemu'><name>{System.Security.SecurityElement.Escape(name)}</name><memory unit='MiB'>64</memory>" +
                  "<os><type arch='x86_64' machine='q35'>hvm</type></os></domain>";

        var defined = await virsh.DefineAsync(xml, Ct);
        Assert.True(defined.Succeeded, defined.Error?.Detail);
        try
        {
            var list = await virsh.ListDomainsAsync(Ct);
            Assert.True(list.Succeeded, list.Error?.Detail);
            var mine = Assert.Single(list.GetValue(), d => d.Name == name);
            Assert.Equal(DomainState.ShutOff, mine.State);

            var state = await virsh.GetStateAsync(name, Ct);
            Assert.Equal(DomainState.ShutOff, state.GetValue());

            var inactive = await virsh.DumpXmlAsync(name, inactive: true, Ct);
            Assert.True(inactive.Succeeded, inactive.Error?.Detail);
            Assert.Equal(name, System.Xml.Linq.XDocument.Parse(inactive.GetValue()).Root!.Element("name")!.Value);

            // The dumped XML carries the uuid, so defining it again redefines the same domain.
            var redefined = await virsh.DefineAsync(inactive.GetValue(), Ct);
            Assert.True(redefined.Succeeded, redefined.Error?.Detail);

            var shutdown = await virsh.ShutdownAsync(name, Ct);
            Assert.False(shutdown.Succeeded);
            Assert.Equal(LibvirtErrorKind.Failed, shutdown.Error.Kind);
            Assert.Contains("not running", shutdown.Error.Message, StringComparison.Ordinal);
        }
        finally
        {
            var undefined = await virsh.UndefineAsync(name, Ct);
            Assert.True(undefined.Succeeded, undefined.Error?.Detail);
        }
        var gone = await virsh.GetStateAsync(name, Ct);
        Assert.Equal(LibvirtErrorKind.DomainNotFound, gone.Error?.Kind);
        Assert.Contains(name, gone.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_PoolListOfVirsh9_PaddingAndTheClosingBlankLineGone()
    {
        // What virsh 9.0 prints for pool-list --all --name on a host with the usual pools.
        const string listing = "default             \nimages              \nwindows-gaming-vm-images\n\n";

        Assert.Equal(["default", "images", "windows-gaming-vm-images"], Virsh.Names(listing));
    }

    [Fact]
    public async Task Virsh_InvalidXml_FailsWithLibvirtsReason()
    {
        daemon.Require();
        var virsh = new Virsh(daemon.Runner, LibvirtDaemon.Uri);
        var result = await virsh.DefineAsync($"<domain type='qemu'><name>{LibvirtDaemon.NewDomainName("invalid")}</name></domain>", Ct);
        Assert.False(result.Succeeded);
        Assert.Equal(LibvirtErrorKind.Failed, result.Error.Kind);
        Assert.Contains("os <type> must be specified", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Virsh_NoDaemonAtTheUri_SaysLibvirtdIsNotReachable()
    {
        var uri = "qemu+unix:///system?socket=/nonexistent/pw-libvirt-sock";
        var virsh = new Virsh(new ProcessCommandRunner(), uri);
        var result = await virsh.ListDomainsAsync(Ct);
        if (result.Error?.Kind == LibvirtErrorKind.VirshMissing) Assert.Skip("virsh is not installed here.");
        Assert.False(result.Succeeded);
        Assert.Equal(LibvirtErrorKind.NotReachable, result.Error.Kind);
        Assert.StartsWith($"libvirtd is not running or not reachable at {uri}: start it", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Virsh_ProgramMissing_SaysHowToInstallIt()
    {
        // The real process runner asked for a program that does not exist: exactly what a host without virsh does.
        var virsh = new Virsh(new RenamedProgramRunner(new ProcessCommandRunner(), "virsh-is-not-installed-here"));
        var result = await virsh.GetStateAsync("any", Ct);
        Assert.False(result.Succeeded);
        Assert.Equal(LibvirtErrorKind.VirshMissing, result.Error.Kind);
        Assert.Contains("apt install libvirt-clients", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shut off\n\n", DomainState.ShutOff)]
    [InlineData("running\n", DomainState.Running)]
    [InlineData("in shutdown\n", DomainState.ShuttingDown)]
    [InlineData("shut off (failed)\n", DomainState.ShutOff)]
    [InlineData("pmsuspended\n", DomainState.Suspended)]
    [InlineData("idle\n", DomainState.Blocked)]
    [InlineData("something new\n", DomainState.Unknown)]
    public void DomainStates_Parse_ReadsVirshWords(string text, DomainState expected) =>
        Assert.Equal(expected, DomainStates.Parse(text));

    private sealed class RenamedProgramRunner(ICommandRunner inner, string program) : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) =>
            inner.RunAsync(request with { Program = program }, cancellationToken);
    }
}
