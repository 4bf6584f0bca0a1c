using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// Who may call which route: anonymous callers get 401, Viewers read (and plan) but get 403 with the operation's own
/// message for every change, Operators may act. A change sent with the browser's sign-in cookie instead of a token is
/// refused, so no other site can forge one.
/// </summary>
public sealed class ApiAccessTests : IClassFixture<ApiAccessTests.Fixture>
{
    private readonly Fixture _fixture;

    public ApiAccessTests(Fixture fixture) => _fixture = fixture;

    /// <summary>One app for the whole table, with a change set applied through the CLI to roll back and a plan shown to apply.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal ApiHost Api { get; private set; } = null!;
        public string ChangeSetId { get; private set; } = "";
        public string PlanId { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Api = await ApiHost.StartAsync();
            var applied = await Api.CliAsync("apply", "--steps", "host", "--root", Api.Host.Path, "--yes");
            Assert.True(applied.ExitCode == 0, applied.ToString());
            ChangeSetId = applied.StandardOutput.Trim();
            using var viewer = Api.Client(Role.Viewer);
            using var planned = await ApiHost.PostJsonAsync(viewer, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "isolate" } });
            PlanId = JsonDocument.Parse(await planned.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("planId").GetString()!;
        }

        public async ValueTask DisposeAsync() => await Api.DisposeAsync();
    }

    public enum Caller { Anonymous, Viewer, Operator }

    /// <summary>
    /// Every route × every caller, in this order. The Operator applies the shown plan of step 3 (the Viewer's attempt
    /// with the same id is refused for the role, before anything else), rehearses the boot display, which the
    /// interlock refuses at once (a document, 200), and rolls back the CLI's change set.
    /// </summary>
    public static TheoryData<string, string, Caller, HttpStatusCode> Routes()
    {
        var name = ApiHost.Name;
        var rows = new TheoryData<string, string, Caller, HttpStatusCode>();
        void Row(string method, string path, HttpStatusCode anonymous, HttpStatusCode viewer, HttpStatusCode @operator)
        {
            rows.Add(method, path, Caller.Anonymous, anonymous);
            rows.Add(method, path, Caller.Viewer, viewer);
            rows.Add(method, path, Caller.Operator, @operator);
        }
        Row("GET", "api/hosts", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("GET", $"api/hosts/{name}/profile", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("GET", $"api/hosts/{name}/history", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("POST", $"api/hosts/{name}/plan", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("POST", $"api/hosts/{name}/apply", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK);
        Row("POST", $"api/hosts/{name}/verify", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK);
        Row("POST", $"api/hosts/{name}/rehearse", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK);
        Row("POST", "api/hosts/access-node/import", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK);
        Row("POST", "api/change-sets/{changeSet}/rollback", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK);
        Row("GET", "api/history?outcome=applied", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("GET", "api/history/export.csv?outcome=applied", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("GET", "api/history/export.json?outcome=applied", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        Row("GET", "openapi/v1.json", HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK);
        return rows;
    }

    private object? BodyFor(string path) =>
        path.EndsWith("/plan", StringComparison.Ordinal) ? new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } }
        : path.EndsWith("/apply", StringComparison.Ordinal) ? new { planId = _fixture.PlanId }
        : path.EndsWith("/rehearse", StringComparison.Ordinal) ? new { gpu = ApiHost.BootGpu, steps = new[] { "isolate" } }
        : path.EndsWith("/import", StringComparison.Ordinal) ? new { listing = Core.Demo.SampleWorkstation.ListingText }
        : null;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AnswersTheCallersRole(string method, string path, Caller caller, HttpStatusCode expected)
    {
        using var client = _fixture.Api.Client(caller switch { Caller.Viewer => Role.Viewer, Caller.Operator => Role.Operator, _ => null });
        path = path.Replace("{changeSet}", _fixture.ChangeSetId, StringComparison.Ordinal);

        using var response = method == "GET"
            ? await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken)
            : await ApiHost.PostJsonAsync(client, path, BodyFor(path));

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"{method} {path} as {caller}: {(int)response.StatusCode}\n{body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"{ApiHost.Viewer} is a Viewer and may not", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("Operator role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Change_WithTheSignInCookie_RefusedWithAPointerToTokens_WhileReadsWork()
    {
        using var browser = _fixture.Api.App.NewClient();
        using var signedIn = await TestApp.SignInAsync(browser, ApiHost.Operator, ApiHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var before = _fixture.Api.Host.Snapshot();

        using var read = await browser.GetAsync(new Uri("api/hosts", UriKind.Relative), TestContext.Current.CancellationToken);
        using var change = await browser.PostAsJsonAsync(new Uri($"api/hosts/{ApiHost.Name}/apply", UriKind.Relative), new { planId = _fixture.PlanId }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        var problem = await change.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("access token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _fixture.Api.Host.Snapshot());
    }
}
