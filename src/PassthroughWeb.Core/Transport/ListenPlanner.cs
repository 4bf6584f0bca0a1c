using System.Net;

namespace PassthroughWeb.Core.Transport;

/// <summary>
/// Decides how <c>serve</c> listens. The app runs as root and changes the host's boot path, so it answers plain HTTP
/// only on loopback unless told that a TLS proxy stands in front, and only to Host names it knows.
/// </summary>
public static class ListenPlanner
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Always answered, whatever else is allowed: a browser on this machine uses them.</summary>
    public static IReadOnlyList<string> LoopbackHosts { get; } = ["localhost", "127.0.0.1", "[::1]"];

    public static ListenDecision Plan(ListenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoints = new List<ListenEndpoint>();
        foreach (var text in request.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var endpoint = ListenEndpoint.TryParse(text, out var problem);
            if (endpoint is null)
                return ListenDecision.Refused(ListenRefusalReason.InvalidUrl,
                    $"--urls: '{text}' cannot be listened on: {problem}. Write e.g. http://127.0.0.1:5080 or https://0.0.0.0:5443.");
            endpoints.Add(endpoint);
        }
        if (endpoints.Count == 0)
            return ListenDecision.Refused(ListenRefusalReason.InvalidUrl, $"--urls names no URL to listen on. Write e.g. {DefaultUrls}.");

        var https = endpoints.Where(e => e.IsHttps).ToList();
        if ((request.CertificatePath is null) != (request.KeyPath is null))
            return ListenDecision.Refused(ListenRefusalReason.CertificateIncomplete,
                "--certificate and --key go together: give the certificate's PEM file and the PEM file of its private key.");
        if (request.CertificatePath is not null && https.Count == 0)
            return ListenDecision.Refused(ListenRefusalReason.CertificateWithoutHttps,
                $"--certificate is used by https:// URLs only, and --urls has none: listen on e.g. https://0.0.0.0:{HttpsPortFor(endpoints[0])}.");

        var plain = endpoints.FirstOrDefault(e => !e.IsHttps && !e.IsLoopback);
        if (plain is not null && !request.InsecureHttp)
            return ListenDecision.Refused(ListenRefusalReason.PlainHttpOnNetwork,
                $"Refusing plain HTTP on {plain.Url}: passwords, tokens and every page would cross the network unencrypted, to an app that runs as root. " +
                $"Use HTTPS: --urls https://{plain.Host}:{HttpsPortFor(plain)} (a certificate is generated into the data directory at first start; " +
                "give your own with --certificate FILE.pem --key FILE.pem). " +
                $"Or listen on this machine only: --urls http://127.0.0.1:{plain.Port}. " +
                "If a TLS reverse proxy (nginx, Caddy) in front of the app terminates HTTPS, add --insecure-http.");

        var allowed = new List<string>(LoopbackHosts);
        foreach (var value in request.AllowedHosts)
        {
            var host = NormaliseAllowedHost(value);
            if (host is null)
                return ListenDecision.Refused(ListenRefusalReason.InvalidAllowedHost,
                    $"--allowed-host: '{value}' is not a host name or an address. Write a name (workstation.lan), a subdomain pattern (*.lan) or an address (192.168.1.10), without scheme or port.");
            allowed.Add(host);
        }
        allowed.AddRange(endpoints.Where(e => e.NamesAHost).Select(e => e.Host));
        var onNetwork = endpoints.Any(e => !e.IsLoopback);
        if (onNetwork)
        {
            // The machine's own names and addresses cannot be a rebinding attacker's: that attack always carries the
            // attacker's own DNS name in the Host header.
            if (NormaliseAllowedHost(request.Machine.HostName) is { } name) allowed.Add(name);
            allowed.AddRange(request.Machine.Addresses.Select(NormaliseAllowedHost).OfType<string>());
        }
        allowed = allowed.Distinct(StringComparer.Ordinal).ToList();

        CertificateSource? certificate = null;
        if (https.Count > 0)
        {
            certificate = request.CertificatePath is not null
                ? new ProvidedCertificate(request.CertificatePath, request.KeyPath!)
                : new GeneratedCertificate(
                    allowed.Where(h => !h.StartsWith('[') && !IPAddress.TryParse(h, out _)).ToList(),
                    allowed.Where(h => h.StartsWith('[') || IPAddress.TryParse(h, out _)).Select(h => h.Trim('[', ']')).ToList());
        }
        return ListenDecision.Planned(new ListenPlan
        {
            Endpoints = endpoints,
            Certificate = certificate,
            BehindTlsProxy = request.InsecureHttp,
            AllowedHosts = allowed,
        });
    }

    /// <summary>
    /// A Host-filter entry: lower-case, IPv6 in brackets, <c>*.</c> allowed as a subdomain prefix; null when the
    /// value is no host (a URL, a port, a bare <c>*</c> that would switch the filter off).
    /// </summary>
    private static string? NormaliseAllowedHost(string value)
    {
        var host = value.Trim().ToLowerInvariant();
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var address) && bare.Contains(':', StringComparison.Ordinal))
            return address.IsIPv6LinkLocal ? null : "[" + bare + "]";
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 ? host : null;
    }

    private static int HttpsPortFor(ListenEndpoint endpoint) => endpoint.Port is 80 ? 443 : endpoint.Port == 5080 ? 5443 : endpoint.Port;
}
