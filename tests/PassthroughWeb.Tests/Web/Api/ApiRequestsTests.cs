using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>Unknown hosts and change sets are 404, and a body the API cannot take is 400 with a message saying what it accepts.</summary>
public sealed class ApiRequestsTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await ApiHost.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}\n{body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("GET", "api/hosts/nowhere/profile")]
    [InlineData("GET", "api/hosts/nowhere/history")]
    [InlineData("POST", "api/hosts/nowhere/plan")]
    [InlineData("POST", "api/hosts/nowhere/apply")]
    [InlineData("POST", "api/hosts/nowhere/verify")]
    public async Task UnknownHost_NotFoundNamingIt(string method, string path)
    {
        using var client = _api.Client(Role.Operator);

        using var response = method == "GET"
            ? await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken)
            : path.EndsWith("/apply", StringComparison.Ordinal)
                ? await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { planId = "pl_0123456789abcdef01234567" }, TestContext.Current.CancellationToken)
                : await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { gpu = ApiHost.GuestGpu, steps = new[] { "host" } }, TestContext.Current.CancellationToken);

        Assert.Contains("no host named 'nowhere'", await ProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_UnknownOrMalformedChangeSet_NotFoundOrBadRequest()
    {
        using var client = _api.Client(Role.Operator);
        var unknown = Guid.NewGuid();

        using var missing = await client.PostAsync(new Uri($"api/change-sets/{unknown}/rollback", UriKind.Relative), null, TestContext.Current.CancellationToken);
        using var malformed = await client.PostAsync(new Uri("api/change-sets/yesterday/rollback", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Contains($"no change set {unknown}", await ProblemAsync(missing, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("'yesterday' is not a change set id", await ProblemAsync(malformed, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadInput_BadRequestWithTheCliRulesInTheApisWords()
    {
        using var client = _api.Client(Role.Viewer);
        var plan = new Uri($"api/hosts/{ApiHost.Name}/plan", UriKind.Relative);

        var address = await ProblemAsync(await client.PostAsJsonAsync(plan, new { gpu = "07:00", steps = new[] { "isolate" } }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var step = await ProblemAsync(await client.PostAsJsonAsync(plan, new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "reboot" } }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var noGpu = await ProblemAsync(await client.PostAsJsonAsync(plan, new { steps = new[] { "isolate" } }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var mixed = await ProblemAsync(await client.PostAsJsonAsync(plan, new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "vm" }, vm = "win11" }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var vmOption = await ProblemAsync(await client.PostAsJsonAsync(plan, new { gpu = ApiHost.GuestGpu, steps = new[] { "host" }, vm = "win11" }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var misspelt = await ProblemAsync(await client.PostAsJsonAsync(plan, new { gpu = ApiHost.GuestGpu, steps = new[] { "host" }, extra = new[] { "video=efifb:off" } }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        using var notJson = new StringContent("gpu=07:00.0", Encoding.UTF8, "application/json");
        var garbage = await ProblemAsync(await client.PostAsync(plan, notJson, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        using var nothing = new StringContent("", Encoding.UTF8, "application/json");
        var empty = await ProblemAsync(await client.PostAsync(plan, nothing, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var untyped = await ProblemAsync(await client.PostAsync(plan, null, TestContext.Current.CancellationToken), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("'07:00' is not a PCI address", address, StringComparison.Ordinal);
        Assert.Contains("'reboot' is not a step", step, StringComparison.Ordinal);
        Assert.Contains("\"gpu\" is required with \"steps\": [\"isolate\"]", noGpu, StringComparison.Ordinal);
        Assert.Contains("\"steps\": [\"host\", \"vm\"]: the VM step 'vm' cannot be combined", mixed, StringComparison.Ordinal);
        Assert.Contains("\"vm\" belongs to the VM step: use it with \"steps\": [\"vm\"]", vmOption, StringComparison.Ordinal);
        Assert.Contains("extra", misspelt, StringComparison.Ordinal);
        Assert.Contains("\"extras\"", misspelt, StringComparison.Ordinal);
        Assert.Contains("\"steps\": [\"host\", \"isolate\"]", garbage, StringComparison.Ordinal);
        Assert.Contains("needs a JSON body", empty, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", untyped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_NotFoundPointingAtTheDocumentation()
    {
        using var client = _api.Client(Role.Viewer);

        using var response = await client.GetAsync(new Uri("api/hosts/" + ApiHost.Name + "/diagnose", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("/openapi/v1.json", await ProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }
}
