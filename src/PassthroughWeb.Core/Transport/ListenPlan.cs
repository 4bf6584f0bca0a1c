namespace PassthroughWeb.Core.Transport;

/// <summary>How the web app listens: where, with which certificate, and which Host headers it answers.</summary>
public sealed record ListenPlan
{
    public required IReadOnlyList<ListenEndpoint> Endpoints { get; init; }

    /// <summary>Null when every URL is plain http://.</summary>
    public CertificateSource? Certificate { get; init; }

    /// <summary>
    /// TLS ends in a reverse proxy in front of the app (<c>--insecure-http</c>): the proxy's X-Forwarded-Proto is
    /// believed when it connects from loopback, so the app knows a request came over HTTPS.
    /// </summary>
    public bool BehindTlsProxy { get; init; }

    /// <summary>
    /// The Host header values answered (without port; IPv6 in brackets, <c>*.example.com</c> for subdomains). Any
    /// other name is refused with 400: a web page that rebinds its own DNS name to this machine gets nothing.
    /// </summary>
    public required IReadOnlyList<string> AllowedHosts { get; init; }

    /// <summary>The URLs as Kestrel takes them (<c>;</c>-separated).</summary>
    public string Urls => string.Join(';', Endpoints.Select(e => e.Url));

    public bool UsesHttps => Endpoints.Any(e => e.IsHttps);
}
