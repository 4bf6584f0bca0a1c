using System.Globalization;

namespace PassthroughWeb.Core.Transport;

/// <summary>
/// Which Origin a SignalR hub (the Blazor circuit included) accepts. Browsers send the page's origin with every
/// WebSocket, so a foreign page that reaches the hub through the visitor's browser is told apart from the app's own
/// pages. Programs (scripts, the .NET SignalR client with a bearer token) send no Origin and are no such page.
/// </summary>
public static class HubOriginPolicy
{
    /// <summary>
    /// True when <paramref name="origin"/> is absent, or names the host and port the request was sent to
    /// (<paramref name="requestHost"/>, the Host header). The scheme is not compared: a TLS proxy in front turns
    /// https into http, and one host and port serve one app whatever the scheme. <c>Origin: null</c> (sandboxed
    /// frames, files) is foreign.
    /// </summary>
    public static bool Allows(string? origin, string requestHost)
    {
        ArgumentNullException.ThrowIfNull(requestHost);
        if (string.IsNullOrEmpty(origin)) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            return false;
        var (host, port) = SplitHost(requestHost);
        if (host is null) return false;
        // A Host without a port is the scheme's default port, as the browser's origin writes it.
        var defaultPort = uri.Scheme == "https" ? 443 : 80;
        return string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase) && (port ?? defaultPort) == uri.Port;
    }

    private static (string? Host, int? Port) SplitHost(string value)
    {
        var colon = value.LastIndexOf(':');
        var close = value.LastIndexOf(']');
        if (colon < 0 || colon < close) return (value, null);
        return int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (value[..colon], port)
            : (null, null);
    }
}
