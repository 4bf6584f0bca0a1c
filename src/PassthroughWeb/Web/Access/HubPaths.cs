namespace PassthroughWeb.Web.Access;

/// <summary>
/// The SignalR hubs, where a token may come as the <c>access_token</c> query parameter (browsers' WebSockets
/// cannot send headers, so SignalR clients send it there). Anywhere else a token in the URL is ignored: URLs end
/// up in logs and browser histories.
/// </summary>
public static class HubPaths
{
    /// <summary>The Blazor circuit's hub, and the prefix of the app's own hubs.</summary>
    public static readonly IReadOnlyList<PathString> All = [new("/_blazor"), new("/hubs")];

    public static bool Contains(PathString path) => All.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
