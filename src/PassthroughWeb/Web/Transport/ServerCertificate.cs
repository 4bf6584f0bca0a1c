using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Web.Transport;

/// <summary>
/// The certificate of the https:// URLs: the admin's own PEM files, or one generated into the data directory's
/// <c>tls/</c> at first start and reused after (browsers keep trusting it only while it stays the same).
/// </summary>
internal static class ServerCertificate
{
    public const string DirectoryName = "tls";
    public const string CertificateFileName = "certificate.pem";
    public const string KeyFileName = "key.pem";

    /// <summary>Apple's platforms refuse a TLS certificate valid for longer, even one the user trusts by hand.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(825);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string CertificatePathIn(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName, CertificateFileName);

    public static string KeyPathIn(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName, KeyFileName);

    /// <summary>
    /// Loads (or first generates) the certificate. Throws <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>
    /// or <see cref="CryptographicException"/> when a file is missing, unreadable or not a matching certificate and key.
    /// </summary>
    public static (X509Certificate2 Certificate, string Path, bool Generated) Load(CertificateSource source, string dataDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        switch (source)
        {
            case ProvidedCertificate provided:
                return (FromPem(provided.CertificatePath, provided.KeyPath), provided.CertificatePath, false);
            case GeneratedCertificate generated:
                var certificatePath = CertificatePathIn(dataDirectory);
                var keyPath = KeyPathIn(dataDirectory);
                if (File.Exists(certificatePath) && File.Exists(keyPath))
                {
                    // An older copy, or an admin's cp, may have left the key readable by others.
                    if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, OwnerOnly);
                    var existing = FromPem(certificatePath, keyPath);
                    if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(1)) return (existing, certificatePath, false);
                    existing.Dispose();
                }
                Generate(generated, dataDirectory, time);
                return (FromPem(certificatePath, keyPath), certificatePath, true);
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown certificate source.");
        }
    }

    private static X509Certificate2 FromPem(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (ArgumentException e)
        {
            // .NET says "argument" for a key of another certificate: for the admin it is a bad file like any other.
            throw new CryptographicException($"The key in {keyPath} does not belong to the certificate in {certificatePath}.", e);
        }
    }

    /// <summary>The SHA-256 fingerprint as browsers show it (<c>AB:CD:…</c>), to compare before trusting.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static void Generate(GeneratedCertificate names, string dataDirectory, TimeProvider time)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The certificate is generated on Linux only.");
        var directory = Path.Combine(dataDirectory, DirectoryName);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = names.DnsNames.FirstOrDefault(n => n != "localhost" && !n.StartsWith('*')) ?? "localhost";
        var request = new CertificateRequest($"CN={subject}, O=PassthroughWeb", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names.DnsNames) alternativeNames.AddDnsName(name);
        foreach (var address in names.IpAddresses) alternativeNames.AddIpAddress(IPAddress.Parse(address));
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));

        // The key is written 0600 from its first byte (never chmod-ed after), then both files replace any old pair.
        var keyPath = KeyPathIn(dataDirectory);
        var certificatePath = CertificatePathIn(dataDirectory);
        WriteNew(keyPath + ".new", key.ExportPkcs8PrivateKeyPem(), OwnerOnly);
        WriteNew(certificatePath + ".new", certificate.ExportCertificatePem(), Public);
        File.Move(keyPath + ".new", keyPath, overwrite: true);
        File.Move(certificatePath + ".new", certificatePath, overwrite: true);
    }

    private static void WriteNew(string path, string pem, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The certificate is generated on Linux only.");
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        });
        stream.Write(System.Text.Encoding.ASCII.GetBytes(pem + "\n"));
        stream.Flush(flushToDisk: true);
    }
}
