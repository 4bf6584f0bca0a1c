using PassthroughWeb.Cli;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// The agent refuses a hub whose certificate it does not trust, and trusts one given with <c>--hub-certificate</c>:
/// a hub on loopback serving an openssl-made certificate for 127.0.0.1 that no authority signed.
/// </summary>
public sealed class AgentHubCertificateTests(AgentHubCertificateTests.TlsFleet tls) : IClassFixture<AgentHubCertificateTests.TlsFleet>
{
    public sealed class TlsFleet : IAsyncLifetime
    {
        private readonly string _files = Directory.CreateTempSubdirectory("pw-fleet-tls-").FullName;

        public TlsFleet()
        {
            Certificate = Path.Combine(_files, "hub.pem");
            Stranger = Path.Combine(_files, "stranger.pem");
            MakeCertificate(Certificate, Path.Combine(_files, "hub.key"), "hub.lab");
            MakeCertificate(Stranger, Path.Combine(_files, "stranger.key"), "stranger.lab");
            Fleet = new AgentFleet(["--certificate", Certificate, "--key", Path.Combine(_files, "hub.key")], "https");
        }

        public AgentFleet Fleet { get; }

        /// <summary>The hub's own certificate (self-signed, for IP 127.0.0.1).</summary>
        public string Certificate { get; }

        /// <summary>Another self-signed certificate for 127.0.0.1, which has nothing to do with the hub's.</summary>
        public string Stranger { get; }

        public ValueTask InitializeAsync() => Fleet.InitializeAsync();

        public async ValueTask DisposeAsync()
        {
            await Fleet.DisposeAsync();
            Directory.Delete(_files, recursive: true);
        }

        private static void MakeCertificate(string certificate, string key, string name)
        {
            var result = new ProcessCommandRunner().RunAsync(new CommandRequest("openssl",
                ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", certificate,
                 "-days", "2", "-subj", $"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1"]), CancellationToken.None).GetAwaiter().GetResult();
            if (!result.Succeeded) throw new InvalidOperationException($"openssl req failed: {result.StandardError}");
        }
    }

    [Fact]
    public async Task AHubCertificateNoAuthoritySigned_IsRefusedBeforeAnythingIsSent()
    {
        Assert.Null(tls.Fleet.Hub.Unavailable);
        await using var agent = tls.Fleet.StartAgent("gpu-node-017", await tls.Fleet.AgentTokenAsync("gpu-node-017"));

        Assert.Equal(ExitCodes.HubNotTrusted, await agent.WaitForExitAsync(AgentFleet.Patience));
        Assert.Contains(agent.Error, l => l.Contains("is not trusted", StringComparison.Ordinal) && l.Contains("--hub-certificate", StringComparison.Ordinal));
        Assert.Null(await tls.Fleet.HostAsync("gpu-node-017"));
    }

    [Fact]
    public async Task AnotherCertificateGivenAsTrusted_DoesNotMakeTheHubTrusted()
    {
        Assert.Null(tls.Fleet.Hub.Unavailable);
        await using var agent = tls.Fleet.StartAgent("render-003", await tls.Fleet.AgentTokenAsync("render-003"), "--hub-certificate", tls.Stranger);

        Assert.Equal(ExitCodes.HubNotTrusted, await agent.WaitForExitAsync(AgentFleet.Patience));
        Assert.Null(await tls.Fleet.HostAsync("render-003"));
    }

    [Fact]
    public async Task TheHubsCertificateGivenAsTrusted_Connects()
    {
        Assert.Null(tls.Fleet.Hub.Unavailable);
        await using var agent = tls.Fleet.StartAgent("gpu-node-021", await tls.Fleet.AgentTokenAsync("gpu-node-021"), "--hub-certificate", tls.Certificate);

        var host = await tls.Fleet.WaitForHostAsync("gpu-node-021", AgentFleet.Online, "online over HTTPS", agent);
        Assert.Equal(2, host.GetProperty("gpus").GetArrayLength());
    }
}
