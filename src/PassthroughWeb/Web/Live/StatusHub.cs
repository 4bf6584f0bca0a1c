using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Live;

/// <summary>
/// The live feed over SignalR at <c>/hubs/status</c>, for any client with a sign-in or an access token (Viewers
/// included: it only reads). <see cref="Watch"/> streams one host's events, or every host's: first what the feed
/// still holds (the snapshot), then each change as it happens, until the client cancels or goes away, which frees its
/// subscription.
/// </summary>
[Authorize(AuthenticationSchemes = AccessSchemes.CookieOrToken)]
public sealed class StatusHub(HostEventFeed feed, ILogger<StatusHub> logger) : Hub<IStatusClient>
{
    public const string Path = "/hubs/status";

    /// <summary>Which feed a client is reading: after a reconnect to the same feed, it may skip what it already printed.</summary>
    public string FeedId() => feed.Origin;

    /// <summary>
    /// Events as JSON objects with a <c>type</c> field (docs/api.md lists them). <paramref name="host"/> null or empty
    /// means every host; with <paramref name="feedId"/> equal to <see cref="FeedId"/>, events up to
    /// <paramref name="afterSequence"/> are left out of the snapshot.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> Watch(string? host, string? feedId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feed.Subscribe(string.IsNullOrWhiteSpace(host) ? null : host, cancellationToken);
        var skipUpTo = feedId == feed.Origin ? afterSequence : 0;
        logger.LogDebug("{User} watches {Host}", Context.User?.Identity?.Name, host ?? "every host");
        foreach (var hostEvent in subscription.Snapshot)
            if (hostEvent.Sequence > skipUpTo) yield return ToJson(hostEvent);
        await foreach (var hostEvent in subscription.Changes.WithCancellation(cancellationToken))
            yield return ToJson(hostEvent);
    }

    // The hub protocol would write each event as its runtime type, without the "type" discriminator: the feed's own
    // JSON is the contract, so it is sent as it is.
    private static JsonElement ToJson(HostEvent hostEvent) => JsonSerializer.SerializeToElement(hostEvent, HostEventJsonContext.Default.HostEvent);
}
