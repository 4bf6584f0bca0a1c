using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Web.Transport;

namespace PassthroughWeb.Tests.Web.Transport;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServerCertificateTests : IDisposable
{
    private static readonly GeneratedCertificate Workstation = new(["localhost", "workstation", "workstation.lan"], ["127.0.0.1", "::1", "192.168.1.10"]);
    private readonly string _data = Directory.CreateTempSubdirectory("pw-tls-").FullName;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Generated_FirstStart_WritesAPrivateKeyAndACertificateForEveryName()
    {
        var (certificate, path, generated) = ServerCertificate.Load(Workstation, _data, TimeProvider.System);
        using var _ = certificate;

        Assert.True(generated);
        Assert.Equal(ServerCertificate.CertificatePathIn(_data), path);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(ServerCertificate.KeyPathIn(_data)));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(Path.Combine(_data, ServerCertificate.DirectoryName)));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(ServerCertificate.KeyPathIn(_data)), StringComparison.Ordinal);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(Workstation.DnsNames, names.EnumerateDnsNames());
        Assert.Equal(Workstation.IpAddresses, names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal("CN=workstation, O=PassthroughWeb", certificate.Subject);
        Assert.InRange(certificate.NotAfter - certificate.NotBefore, TimeSpan.FromDays(824), ServerCertificate.Validity + TimeSpan.FromMinutes(6));
    }

    [Fact]
    public void Generated_NextStart_ReusesTheSameCertificate()
    {
        using var first = ServerCertificate.Load(Workstation, _data, TimeProvider.System).Certificate;

        var (second, _, generated) = ServerCertificate.Load(Workstation with { DnsNames = ["localhost", "renamed"] }, _data, TimeProvider.System);
        using var _ = second;

        Assert.False(generated);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
    }

    [Fact]
    public void Generated_KeyMadeReadableByOthers_IsTightenedAgain()
    {
        ServerCertificate.Load(Workstation, _data, TimeProvider.System).Certificate.Dispose();
        File.SetUnixFileMode(ServerCertificate.KeyPathIn(_data), (UnixFileMode)0b110_100_100);

        ServerCertificate.Load(Workstation, _data, TimeProvider.System).Certificate.Dispose();

        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(ServerCertificate.KeyPathIn(_data)));
    }

    [Fact]
    public void Generated_Expired_IsReplaced()
    {
        using var old = ServerCertificate.Load(Workstation, _data, new FixedTime(DateTimeOffset.UtcNow.AddDays(-900))).Certificate;

        var (renewed, _, generated) = ServerCertificate.Load(Workstation, _data, TimeProvider.System);
        using var _ = renewed;

        Assert.True(generated);
        Assert.NotEqual(old.Thumbprint, renewed.Thumbprint);
        Assert.True(renewed.NotAfter > DateTime.Now.AddDays(800));
    }

    [Fact]
    public async Task Provided_OpensslPair_IsLoadedAndAMismatchedKeyIsNot()
    {
        var certificatePath = Path.Combine(_data, "workstation.pem");
        var keyPath = Path.Combine(_data, "workstation.key");
        await OpensslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
            "-subj", "/CN=workstation.lan", "-addext", "subjectAltName=DNS:workstation.lan", "-keyout", keyPath, "-out", certificatePath);

        var (certificate, path, generated) = ServerCertificate.Load(new ProvidedCertificate(certificatePath, keyPath), _data, TimeProvider.System);
        using var _ = certificate;

        Assert.False(generated);
        Assert.Equal(certificatePath, path);
        Assert.Equal("CN=workstation.lan", certificate.Subject);
        Assert.False(Directory.Exists(Path.Combine(_data, ServerCertificate.DirectoryName)));

        var otherKey = Path.Combine(_data, "other.key");
        await OpensslAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey);
        Assert.ThrowsAny<CryptographicException>(() => ServerCertificate.Load(new ProvidedCertificate(certificatePath, otherKey), _data, TimeProvider.System));
    }

    private static async Task OpensslAsync(params string[] arguments)
    {
        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest("openssl", arguments), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"openssl {string.Join(' ', arguments)}: {result.StandardError}");
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
