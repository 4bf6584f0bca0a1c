using Microsoft.AspNetCore.SignalR;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Web.Transport;

/// <summary>
/// Refuses a SignalR hub request (the Blazor circuit at <c>/_blazor</c> included) whose Origin is another site's, with
/// 403, before the hub sees it. WebSockets are not bound by CORS: without this, any page the admin visits could open
/// a circuit to the app from the admin's browser.
/// </summary>
internal static class HubOriginCheck
{
    public const string BlazorHubPath = "/_blazor";

    /// <summary>Runs after routing, so the hub endpoints are recognised by their metadata wherever they are mapped.</summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!IsHubRequest(context)) return next(context);
            var origin = context.Request.Headers.Origin.ToString();
            if (HubOriginPolicy.Allows(origin, context.Request.Host.Value ?? ""))
                return next(context);
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubOriginCheck).FullName!)
                .LogWarning("Refused a request to {Path} from the foreign origin {Origin}.", context.Request.Path.Value, origin);
            // A bare 403: the not-found page the status-code pages would render says nothing true here.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });

    private static bool IsHubRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is not null ||
        context.Request.Path.StartsWithSegments(BlazorHubPath, StringComparison.OrdinalIgnoreCase);
}
