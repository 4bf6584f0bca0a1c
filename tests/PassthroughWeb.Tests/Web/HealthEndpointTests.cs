using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Services;

namespace PassthroughWeb.Tests.Web;

/// <summary>
/// <c>serve</c> listens before its start-up scans end: /health says "starting" meanwhile (the app answers), "ok" once they
/// are done, and 503 when they failed, so a load balancer or the tests know when the hosts are there.
/// </summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private StartupProgress Progress => _app.App.Services.GetRequiredService<StartupProgress>();

    private async Task<(HttpStatusCode Status, string Body)> GetHealthAsync()
    {
        using var client = _app.NewClient();
        using var response = await client.GetAsync(new Uri("health", UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_AfterTheStartUpWork_IsOk()
    {
        Assert.Equal(StartupStage.Ready, Progress.Stage);

        Assert.Equal((HttpStatusCode.OK, """{"status":"ok"}"""), await GetHealthAsync());
    }

    [Fact]
    public async Task Health_WhileTheStartUpScansRun_AnswersStarting()
    {
        Progress.Report("Scanning this host");

        Assert.Equal((HttpStatusCode.OK, """{"status":"starting"}"""), await GetHealthAsync());
    }

    [Fact]
    public async Task Health_StartUpWorkFailed_IsUnavailableWithoutSayingWhy()
    {
        Progress.Fail("The start-up work failed: No space left on device /var/lib/passthroughweb/passthroughweb.db");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"status":"unavailable"}"""), await GetHealthAsync());
    }
}
