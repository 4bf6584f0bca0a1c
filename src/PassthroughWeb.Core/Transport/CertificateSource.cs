namespace PassthroughWeb.Core.Transport;

/// <summary>Where the certificate of the https:// URLs comes from.</summary>
public abstract record CertificateSource;

/// <summary>
/// A self-signed certificate generated into the data directory at first start and reused afterwards, valid for
/// these names and addresses (the machine's, loopback's and those the admin named).
/// </summary>
public sealed record GeneratedCertificate(IReadOnlyList<string> DnsNames, IReadOnlyList<string> IpAddresses) : CertificateSource;

/// <summary>The admin's own certificate and private key, both PEM files (<c>--certificate</c>, <c>--key</c>).</summary>
public sealed record ProvidedCertificate(string CertificatePath, string KeyPath) : CertificateSource;
