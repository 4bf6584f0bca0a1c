using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Core.Tests.Transport;

public sealed class ListenPlannerTests
{
    private static readonly MachineIdentity Workstation = new("workstation", ["192.168.1.10", "fd00::10"]);

    private static ListenDecision Plan(string urls, bool insecureHttp = false, string? certificate = null, string? key = null, params string[] allowedHosts) =>
        ListenPlanner.Plan(new ListenRequest
        {
            Urls = urls,
            InsecureHttp = insecureHttp,
            CertificatePath = certificate,
            KeyPath = key,
            AllowedHosts = allowedHosts,
            Machine = Workstation,
        });

    private static ListenPlan Planned(ListenDecision decision)
    {
        Assert.True(decision.Refusal is null, decision.Refusal?.Message);
        return decision.Plan!;
    }

    [Fact]
    public void Default_IsPlainHttpOnLoopbackAnsweringLoopbackNamesOnly()
    {
        var plan = Planned(ListenPlanner.Plan(new ListenRequest { Machine = Workstation }));

        Assert.Equal("http://127.0.0.1:5080", plan.Urls);
        Assert.True(Assert.Single(plan.Endpoints).IsLoopback);
        Assert.Null(plan.Certificate);
        Assert.False(plan.BehindTlsProxy);
        // The machine's own name is not needed (and not answered) when nothing outside can connect.
        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], plan.AllowedHosts);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.2:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.1:0")]
    public void PlainHttp_OnLoopback_IsPlanned(string urls) => Planned(Plan(urls));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://workstation:5080")]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081")]
    public void PlainHttp_OnTheNetwork_IsRefusedWithTheWayToHttps(string urls)
    {
        var refusal = Plan(urls).Refusal;

        Assert.NotNull(refusal);
        Assert.Equal(ListenRefusalReason.PlainHttpOnNetwork, refusal.Reason);
        Assert.Contains("--urls https://", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--certificate", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-http", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("reverse proxy", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttp_OnTheNetworkBehindATlsProxy_IsPlannedAndTrustsTheProxy()
    {
        var plan = Planned(Plan("http://0.0.0.0:5080", insecureHttp: true));

        Assert.True(plan.BehindTlsProxy);
        Assert.Null(plan.Certificate);
    }

    [Fact]
    public void Https_OnEveryAddress_GeneratesACertificateForTheMachineAndLoopback()
    {
        var plan = Planned(Plan("https://0.0.0.0:5443"));

        var generated = Assert.IsType<GeneratedCertificate>(plan.Certificate);
        Assert.Equal(["localhost", "workstation"], generated.DnsNames);
        Assert.Equal(["127.0.0.1", "::1", "192.168.1.10", "fd00::10"], generated.IpAddresses);
        Assert.Equal(["localhost", "127.0.0.1", "[::1]", "workstation", "192.168.1.10", "[fd00::10]"], plan.AllowedHosts);
    }

    [Fact]
    public void Https_WithTheAdminsOwnCertificate_UsesIt()
    {
        var plan = Planned(Plan("https://0.0.0.0:5443", certificate: "/etc/ssl/workstation.pem", key: "/etc/ssl/private/workstation.key"));

        Assert.Equal(new ProvidedCertificate("/etc/ssl/workstation.pem", "/etc/ssl/private/workstation.key"), plan.Certificate);
    }

    [Theory]
    [InlineData("/etc/ssl/workstation.pem", null)]
    [InlineData(null, "/etc/ssl/private/workstation.key")]
    public void Certificate_WithoutItsPartner_IsRefused(string? certificate, string? key) =>
        Assert.Equal(ListenRefusalReason.CertificateIncomplete, Plan("https://0.0.0.0:5443", certificate: certificate, key: key).Refusal?.Reason);

    [Fact]
    public void Certificate_WithoutAnHttpsUrl_IsRefused() =>
        Assert.Equal(ListenRefusalReason.CertificateWithoutHttps,
            Plan("http://127.0.0.1:5080", certificate: "/etc/ssl/workstation.pem", key: "/etc/ssl/private/workstation.key").Refusal?.Reason);

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:port")]
    [InlineData("http://127.0.0.1:70000")]
    [InlineData("http://127.0.0.1:5080/passthrough")]
    [InlineData("http://[::1:5080")]
    [InlineData("http://:5080")]
    [InlineData(";")]
    public void Url_NotOneToListenOn_IsRefused(string urls) =>
        Assert.Equal(ListenRefusalReason.InvalidUrl, Plan(urls).Refusal?.Reason);

    [Fact]
    public void AllowedHosts_ComeFromTheOptionAndTheUrlsNormalised()
    {
        var plan = Planned(Plan("https://workstation.lan:5443;https://[FD00::10]:5443", allowedHosts: ["PassThrough.Example.org", "*.lan", "192.168.1.20", "fd00::20"]));

        Assert.Contains("passthrough.example.org", plan.AllowedHosts);
        Assert.Contains("*.lan", plan.AllowedHosts);
        Assert.Contains("192.168.1.20", plan.AllowedHosts);
        Assert.Contains("[fd00::20]", plan.AllowedHosts);
        Assert.Contains("workstation.lan", plan.AllowedHosts);
        Assert.Contains("[fd00::10]", plan.AllowedHosts);
        var generated = Assert.IsType<GeneratedCertificate>(plan.Certificate);
        Assert.Contains("workstation.lan", generated.DnsNames);
        Assert.Contains("*.lan", generated.DnsNames);
        Assert.Contains("fd00::20", generated.IpAddresses);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://workstation.lan")]
    [InlineData("workstation.lan:5443")]
    [InlineData("")]
    [InlineData("work station")]
    public void AllowedHost_ThatIsNoHost_IsRefused(string value) =>
        Assert.Equal(ListenRefusalReason.InvalidAllowedHost, Plan("http://127.0.0.1:5080", allowedHosts: value).Refusal?.Reason);
}
