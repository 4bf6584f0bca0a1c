using System.Globalization;
using System.Net;

namespace PassthroughWeb.Core.Transport;

/// <summary>One URL of <c>--urls</c>, read the way Kestrel binds it.</summary>
/// <param name="Scheme"><c>http</c> or <c>https</c>.</param>
/// <param name="Host">As written, lower-case: <c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>, <c>0.0.0.0</c>, <c>*</c>, <c>workstation</c>.</param>
/// <param name="Port">0 asks the system for a free port.</param>
public sealed record ListenEndpoint(string Scheme, string Host, int Port)
{
    public bool IsHttps => Scheme == "https";

    /// <summary>Every address of the machine: <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>.</summary>
    public bool IsWildcard => Host is "*" or "+" or "0.0.0.0" or "[::]";

    /// <summary>
    /// Reachable from this machine only. Kestrel binds a host name other than <c>localhost</c> to every address, so
    /// only <c>localhost</c> and loopback addresses count.
    /// </summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>A name or address a browser can put in the Host header (not a wildcard).</summary>
    public bool NamesAHost => !IsWildcard;

    public string Url => $"{Scheme}://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>SCHEME://HOST[:PORT][/]</c>; null with the reason when <paramref name="text"/> is not that.</summary>
    public static ListenEndpoint? TryParse(string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = "";
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            problem = "it has no scheme (http:// or https://)";
            return null;
        }
        var scheme = text[..separator].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            problem = $"the scheme '{scheme}' is neither http nor https";
            return null;
        }
        var rest = text[(separator + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (rest[slash..] != "/")
            {
                problem = "the app is served from the root: leave out the path";
                return null;
            }
            rest = rest[..slash];
        }
        string host;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(rest[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                problem = "an IPv6 address goes in brackets, e.g. https://[::]:5443";
                return null;
            }
            host = "[" + rest[1..close].ToLowerInvariant() + "]";
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    problem = "only a port may follow the address";
                    return null;
                }
                portText = after[1..];
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = (colon >= 0 ? rest[..colon] : rest).ToLowerInvariant();
            if (colon >= 0) portText = rest[(colon + 1)..];
            if (host is not ("*" or "+") && Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                problem = host.Length == 0 ? "it names no host" : $"'{host}' is not a host name or an address";
                return null;
            }
        }
        var port = scheme == "https" ? 443 : 80;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            problem = $"'{portText}' is not a port number";
            return null;
        }
        return new ListenEndpoint(scheme, host, port);
    }
}
