using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PassthroughWeb.Tests.Browser;
using PassthroughWeb.Web.Transport;

namespace PassthroughWeb.Tests.Web.Transport;

/// <summary>The built app started as a user starts it, <c>serve --urls https://127.0.0.1:PORT --allowed-host workstation.lan</c>.</summary>
public sealed class HttpsApp : IAsyncLifetime
{
    public RunningApp App { get; } = new(["--allowed-host", "workstation.lan"], "https");

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HttpsServeTests(HttpsApp fixture) : IClassFixture<HttpsApp>
{
    private RunningApp App
    {
        get
        {
            if (fixture.App.Unavailable is { } reason) Assert.Skip(reason);
            return fixture.App;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client that trusts exactly the certificate the app generated into its data directory, as a browser told to trust it would.</summary>
    private HttpClient TrustingTheGeneratedCertificate(List<SslPolicyErrors> seen)
    {
        var generated = X509Certificate2.CreateFromPem(File.ReadAllText(ServerCertificate.CertificatePathIn(App.DataDirectory)));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(generated);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                lock (seen) seen.Add(errors);
                return chain.Build(certificate) && certificate.Thumbprint == generated.Thumbprint;
            },
        };
        return new HttpClient(handler) { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    [Fact]
    public async Task Https_ServesTheCertificateGeneratedIntoTheDataDirectory()
    {
        var seen = new List<SslPolicyErrors>();
        using var http = TrustingTheGeneratedCertificate(seen);

        using var response = await http.GetAsync("", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Untrusted by the system (self-signed), but valid for the address the client used: 127.0.0.1 is in it.
        Assert.DoesNotContain(seen, e => e.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Contains("HTTPS certificate (generated now)", App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ToANameOfTheLan_SendsHsts()
    {
        using var http = TrustingTheGeneratedCertificate([]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Host = $"workstation.lan:{App.BaseAddress.Port}";

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"max-age={(int)TransportPipeline.HstsMaxAge.TotalSeconds}", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ForeignHost_IsRefusedWith400()
    {
        using var http = TrustingTheGeneratedCertificate([]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Host = "evil.example";

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void DataDirectory_DatabaseAndKey_AreReadableByTheAppOnly()
    {
        var app = App;

        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(app.DataDirectory));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "passthroughweb.db")));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(ServerCertificate.KeyPathIn(app.DataDirectory)));
    }

    [Fact]
    public async Task Log_NeverHoldsTokensOrTheKey()
    {
        const string Token = "pwt_5Tq8Zr0cXw2LkVbN3yHs";
        using var http = TrustingTheGeneratedCertificate([]);
        foreach (var path in new[] { $"_blazor/negotiate?negotiateVersion=1&access_token={Token}", $"?access_token={Token}", "no-such-page" })
        {
            using var request = new HttpRequestMessage(path.StartsWith("_blazor", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            request.Headers.Add("Cookie", $".AspNetCore.Identity.Application={Token}");
            using var _ = await http.SendAsync(request, Ct);
        }

        Assert.DoesNotContain(Token, App.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", App.Output, StringComparison.Ordinal);
    }
}
