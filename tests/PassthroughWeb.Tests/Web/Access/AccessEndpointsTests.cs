using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Tests.Web.Access;

/// <summary>Who gets in: every endpoint of the real app refuses an anonymous request except the few meant for anyone.</summary>
public sealed class AccessEndpointsTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The endpoints anyone may reach, by route pattern (besides the static stylesheets and scripts).</summary>
    private static readonly string[] OpenToAnyone = ["/account/login", "/account/sign-in/two-factor", "/setup", "/health", "/error"];

    [Fact]
    public async Task EveryEndpoint_Anonymous_RefusedExceptSignInSetupHealthAndStaticFiles()
    {
        var endpoints = ((IEndpointRouteBuilder)_app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var open = new List<string>();
        var checkedRoutes = new List<string>();
        using var client = _app.NewClient();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var isStaticFile = endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) open.Add(isStaticFile ? "static" : pattern);
            if (isStaticFile) continue;
            var url = SampleUrl(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                checkedRoutes.Add($"{method} {url} -> {(int)response.StatusCode}");
                if (OpenToAnyone.Contains(pattern, StringComparer.OrdinalIgnoreCase)) continue;
                Assert.True(Refused(response), $"{method} {url} answered {(int)response.StatusCode} to an anonymous request.\n{string.Join('\n', checkedRoutes)}");
            }
        }
        // Nothing but these is marked open: a page that opts out of sign-in must be added here on purpose.
        Assert.Equal([.. OpenToAnyone.Order(StringComparer.Ordinal)], open.Where(p => p != "static").Distinct().Order(StringComparer.Ordinal).ToArray());
        // The pages, the API, the Blazor hub and sign-out were all tried.
        foreach (var expected in new[] { "GET /hosts/workstation ->", "GET /history ->", "GET /account ->", "GET /admin/users ->", "GET /api/me ->", "POST /_blazor/negotiate ->", "POST /account/logout ->" })
            Assert.True(checkedRoutes.Any(r => r.StartsWith(expected, StringComparison.Ordinal)), $"{expected} was not tried:\n{string.Join('\n', checkedRoutes)}\n{string.Join('\n', endpoints.Select(e => e.RoutePattern.RawText + " " + e.DisplayName))}");
    }

    [Fact]
    public async Task AnonymousPage_RedirectsToTheSignInPageWithTheWayBack()
    {
        using var client = _app.NewClient();

        using var response = await client.GetAsync(new Uri("history", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fhistory", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Health_Anonymous_OnlyItsStatus()
    {
        using var client = _app.NewClient();

        var body = await client.GetStringAsync(new Uri("health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("""{"status":"ok"}""", body);
    }

    [Fact]
    public async Task SetupLink_CreatesTheFirstAdminOnce()
    {
        var secret = _app.App.Services.GetRequiredService<SetupLink>().Secret;
        Assert.NotNull(secret);
        using var first = _app.NewClient();
        using var second = _app.NewClient();
        var page = $"setup?token={Uri.EscapeDataString(secret)}";

        var wrong = await second.GetStringAsync(new Uri("setup?token=not-the-secret", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("setup-closed", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("setup-form", wrong, StringComparison.Ordinal);
        using var weak = await TestApp.PostFormAsync(first, page, "setup", new() { ["Input.Token"] = secret, ["Input.Name"] = "alice", ["Input.Password"] = "short", ["Input.Confirm"] = "short" });
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var created = await TestApp.PostFormAsync(first, page, "setup", new() { ["Input.Token"] = secret, ["Input.Name"] = "alice", ["Input.Password"] = Password, ["Input.Confirm"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var me = await MeAsync(first);
        Assert.Equal(("alice", "Admin", "Password"), me);

        var again = await second.GetStringAsync(new Uri(page, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("setup-closed", again, StringComparison.Ordinal);
        // A replayed post of the form (its antiforgery token taken from the sign-in page) creates nobody.
        using var replay = await TestApp.PostFormAsync(second, "account/login", "setup",
            new() { ["Input.Token"] = secret, ["Input.Name"] = "mallory", ["Input.Password"] = Password, ["Input.Confirm"] = Password }, postTo: page);
        await using var db = await PassthroughDatabase.OpenAsync(DataDirectory, TestContext.Current.CancellationToken);
        Assert.Equal(["alice"], db.Users.Select(u => u.UserName).ToArray());
        Assert.Single(db.SetupTokens, s => s.Hash == SecretToken.Hash(secret) && s.UsedBy == "alice");
        Assert.DoesNotContain(db.SetupTokens, s => s.Hash == secret);
    }

    [Fact]
    public async Task Token_Valid_WorksOnMeAndOnTheHubNegotiate()
    {
        await _app.AddUserAsync("ci", Role.Operator, Password);
        var token = await _app.CreateTokenAsync("ci", "nightly", expiresInDays: 7);
        using var client = _app.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(("ci", "Operator", "Token"), await MeAsync(client));
        using var negotiate = await client.PostAsync(new Uri("_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        using var anonymous = _app.NewClient();
        using var fromQuery = await anonymous.PostAsync(new Uri($"_blazor/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, fromQuery.StatusCode);
    }

    [Fact]
    public async Task Token_InTheQueryOffAHubPath_Ignored()
    {
        await _app.AddUserAsync("ci", Role.Operator, Password);
        var token = await _app.CreateTokenAsync("ci", "nightly");
        using var client = _app.NewClient();

        using var response = await client.GetAsync(new Uri($"api/me?access_token={Uri.EscapeDataString(token)}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_RevokedOrExpiredOrUnknown_Refused()
    {
        await _app.AddUserAsync("ci", Role.Operator, Password);
        var revoked = await _app.CreateTokenAsync("ci", "old");
        await using (var scope = _app.App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AccessTokens>().RevokeAsync(Services.TestActors.Admin, "ci", "old", CancellationToken.None);
            Assert.True(result.Succeeded);
        }
        var expired = SecretToken.Generate(SecretToken.AccessTokenPrefix);
        await using (var db = await PassthroughDatabase.OpenAsync(DataDirectory, TestContext.Current.CancellationToken))
        {
            var user = db.Users.Single(u => u.UserName == "ci");
            db.AccessTokens.Add(new AccessTokenRecord
            {
                UserId = user.Id, Name = "expired", Hash = SecretToken.Hash(expired), CreatedAt = DateTimeOffset.UtcNow.AddDays(-2), ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        foreach (var token in new[] { revoked, expired, SecretToken.Generate(SecretToken.AccessTokenPrefix) })
        {
            using var client = _app.NewClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var me = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            using var negotiate = await client.PostAsync(new Uri("_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null, TestContext.Current.CancellationToken);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (me.StatusCode, negotiate.StatusCode));
        }
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        await _app.AddUserAsync("olivia", Role.Operator, Password);
        using var client = _app.NewClient();

        for (var i = 0; i < IdentityRegistration.MaxFailedSignIns; i++)
        {
            using var wrong = await TestApp.SignInAsync(client, "olivia", "wrong password " + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var right = await TestApp.SignInAsync(client, "olivia", Password);

        Assert.Contains("locked", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var me = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsTheOtherBrowsersSessionToo()
    {
        await _app.AddUserAsync("olivia", Role.Operator, Password);
        using var laptop = _app.NewClient();
        using var phone = _app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(laptop, "olivia", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(phone, "olivia", Password)).StatusCode);
        Assert.Equal("olivia", (await MeAsync(phone)).Name);

        using var everywhere = await TestApp.PostFormAsync(laptop, "account", "everywhere", new() { ["Everywhere.Confirm"] = "yes" });

        using var me = await phone.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task UsersPage_AnOperator_Forbidden()
    {
        await _app.AddUserAsync("olivia", Role.Operator, Password);
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, "olivia", Password);

        using var response = await client.GetAsync(new Uri("admin/users", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private string DataDirectory => _app.App.Services.GetRequiredService<Configuration.ServeOptions>().DataDirectory;

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true);

    private static async Task<(string Name, string Role, string Method)> MeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (json.RootElement.GetProperty("name").GetString()!, json.RootElement.GetProperty("role").GetString()!, json.RootElement.GetProperty("method").GetString()!);
    }

    /// <summary>A URL for a route pattern: each parameter gets a value that looks like the real thing.</summary>
    private static string SampleUrl(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "Name" or "name" } => "workstation",
            RoutePatternParameterPart parameter => parameter.IsOptional ? "" : "x",
            _ => "",
        })));
        return "/" + string.Join('/', segments.Where(s => s.Length > 0));
    }
}
