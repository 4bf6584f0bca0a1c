using System.Net;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>The OpenAPI document at /openapi/v1.json describes every route of the API, behind sign-in.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await ApiHost.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Document_ListsEveryRouteWithASummaryAndItsResponses()
    {
        using var client = _api.Client(Role.Viewer);

        using var response = await client.GetAsync(new Uri("openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var document = JsonDocument.Parse(body).RootElement;
        var paths = document.GetProperty("paths");
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("Bearer", out _), "The document does not say that every route needs the token");
        var expected = new (string Path, string Method, string[] Statuses)[]
        {
            ("/api/hosts", "get", ["200"]),
            ("/api/hosts/{name}/profile", "get", ["200", "404"]),
            ("/api/hosts/{name}/history", "get", ["200", "404"]),
            ("/api/hosts/{name}/plan", "post", ["200", "400", "404", "503", "504"]),
            ("/api/hosts/{name}/apply", "post", ["200", "400", "403", "404", "409", "423", "503", "504"]),
            ("/api/hosts/{name}/verify", "post", ["200", "403", "404", "503", "504"]),
            ("/api/hosts/{name}/rehearse", "post", ["200", "400", "403", "404", "423", "503", "504"]),
            ("/api/hosts/{name}/vms", "get", ["200", "404", "503", "504"]),
            ("/api/hosts/{name}/vms/{vm}/shutdown", "post", ["200", "403", "404", "503", "504"]),
            ("/api/hosts/{name}/vms/plan", "post", ["200", "400", "404", "503", "504"]),
            ("/api/hosts/{name}/vms/create", "post", ["200", "400", "403", "404", "409", "423", "503", "504"]),
            ("/api/hosts/{name}/guest", "get", ["200", "400", "404", "503", "504"]),
            ("/api/hosts/{name}/guest/done", "post", ["200", "400", "403", "404", "503", "504"]),
            ("/api/hosts/{name}/import", "post", ["200", "400", "403", "409", "413"]),
            ("/api/change-sets/{id}/rollback", "post", ["200", "400", "403", "404", "423"]),
            ("/api/history", "get", ["200", "400"]),
            ("/api/history/export.csv", "get", ["200", "400"]),
            ("/api/history/export.json", "get", ["200", "400"]),
            ("/api/rollouts", "get", ["200"]),
            ("/api/rollouts", "post", ["200", "400", "403", "404"]),
            ("/api/rollouts/{id}", "get", ["200", "404"]),
            ("/api/rollouts/{id}/start", "post", ["200", "403", "404", "409"]),
            ("/api/rollouts/{id}/verify", "post", ["200", "403", "404", "409"]),
            ("/api/rollouts/{id}/rollback", "post", ["200", "403", "404", "409"]),
        };
        foreach (var (path, method, statuses) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document:\n{body}");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
            Assert.Equal(statuses, operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        }
        // The catch-all that answers unknown routes is not a route of the API.
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("{path}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_WithoutSignIn_IsNotServed()
    {
        using var client = _api.Client(null);

        using var response = await client.GetAsync(new Uri("openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        // A program asks for it: a bare 401, not a redirect to a sign-in page it cannot fill in.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("/api/hosts", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
