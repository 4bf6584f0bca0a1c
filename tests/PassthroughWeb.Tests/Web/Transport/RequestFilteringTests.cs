using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Web.Transport;

namespace PassthroughWeb.Tests.Web.Transport;

/// <summary>
/// What the running app refuses before any page or hub sees the request: other sites' Host names (DNS rebinding),
/// other sites' pages reaching the hubs through the visitor's browser, form posts without an antiforgery token; and
/// the headers every answer carries.
/// </summary>
public sealed partial class RequestFilteringTests(ServingApp app) : IClassFixture<ServingApp>
{
    private const string ForeignOrigin = "https://evil.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("workstation.lan.evil.example")]
    [InlineData("192.168.1.99")]
    // The machine's own name is answered only when the app listens on the network; this one listens on loopback.
    [InlineData("workstation")]
    public async Task Request_ForeignHost_IsRefusedWith400(string host)
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData(ServingApp.AllowedName)]
    [InlineData("WORKSTATION.LAN")]
    public async Task Request_AllowedHost_IsAnswered(string host)
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"{host}:{app.BaseAddress.Port}";

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("health")]
    [InlineData("_framework/blazor.web.js")]
    [InlineData("_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("favicon.svg")]
    [InlineData("no-such-page")]
    public async Task Response_PagesStaticFilesAndErrors_CarryTheSecurityHeaders(string path)
    {
        using var http = app.Client();

        using var response = await http.GetAsync(path, Ct);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"GET /{path}: {response.StatusCode}");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        // Plain HTTP on loopback: no HSTS (it is sent over HTTPS only, see HttpsServeTests).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Every hub the app maps, read from its endpoints, so that a hub added later is checked too.</summary>
    private List<string> HubNegotiatePaths() =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HubMetadata>() is not null && e.RoutePattern.RawText!.EndsWith("/negotiate", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            .ToList();

    [Fact]
    public void Hubs_IncludeTheBlazorCircuit() =>
        Assert.Contains("/_blazor/negotiate", HubNegotiatePaths());

    [Fact]
    public async Task Hubs_ForeignOrigin_AreRefusedWith403()
    {
        using var http = app.Client();
        foreach (var path in HubNegotiatePaths())
        {
            using var response = await NegotiateAsync(http, path, ForeignOrigin);

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {path} with Origin {ForeignOrigin}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("self")]
    public async Task Hubs_NoOriginOrTheirOwn_AreAnswered(string? origin)
    {
        using var http = app.Client();
        foreach (var path in HubNegotiatePaths())
        {
            using var response = await NegotiateAsync(http, path, origin == "self" ? app.BaseAddress.GetLeftPart(UriPartial.Authority) : origin,
                path.StartsWith(PassthroughWeb.Web.Agents.AgentHub.Path, StringComparison.Ordinal) ? app.AgentToken : null);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} with Origin {origin ?? "(none)"}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task BlazorWebSocket_ForeignOrigin_IsRefusedBeforeTheUpgrade()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", ForeignOrigin);
        // Signed in, so only the Origin can be the reason for the refusal.
        socket.Options.SetRequestHeader("Authorization", $"Bearer {app.Token}");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri("_blazor"), Ct));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task BlazorWebSocket_SameOrigin_IsUpgraded()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        socket.Options.SetRequestHeader("Authorization", $"Bearer {app.Token}");

        await socket.ConnectAsync(WebSocketUri("_blazor"), Ct);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
    }

    [Fact]
    public async Task FormPost_WithoutAnAntiforgeryToken_IsRefused()
    {
        using var http = app.Client();
        using var form = new FormUrlEncodedContent([new("_handler", "rescan")]);

        using var response = await http.PostAsync("", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [GeneratedRegex("<form\\b[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [Fact]
    public async Task Pages_EveryFormTheyRender_CarriesAnAntiforgeryToken()
    {
        var pages = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && !e.RoutePattern.Parameters.Any())
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        Assert.Contains("", pages);
        using var http = app.Client();

        foreach (var page in pages)
        {
            var html = await http.GetStringAsync(page, Ct);
            foreach (Match form in Form().Matches(html))
                Assert.True(form.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal), $"/{page} renders a form without an antiforgery token:\n{form.Value}");
        }
    }

    /// <summary>A negotiate request; <paramref name="token"/> replaces the client's own (the agent hub takes agent tokens only).</summary>
    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient http, string path, string? origin, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/') + "?negotiateVersion=1");
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Ct);
    }

    private Uri WebSocketUri(string path) => new($"ws://{app.BaseAddress.Authority}/{path}");
}
