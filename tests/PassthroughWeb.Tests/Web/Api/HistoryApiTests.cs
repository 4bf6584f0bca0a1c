using System.Net;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// GET /api/history and its exports on the real app: one change set applied and one rolled back through the CLI,
/// so the trail holds two sets and a rollback event. Anonymous callers get 401; a Viewer reads and downloads.
/// </summary>
public sealed class HistoryApiTests : IClassFixture<HistoryApiTests.Fixture>
{
    private readonly Fixture _fixture;

    public HistoryApiTests(Fixture fixture) => _fixture = fixture;

    public sealed class Fixture : IAsyncLifetime
    {
        internal ApiHost Api { get; private set; } = null!;
        public string Applied { get; private set; } = "";
        public string RolledBack { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Api = await ApiHost.StartAsync();
            RolledBack = await ApplyAsync();
            var rollback = await Api.CliAsync("rollback", RolledBack);
            Assert.True(rollback.ExitCode == 0, rollback.ToString());
            Applied = await ApplyAsync();
        }

        private async Task<string> ApplyAsync()
        {
            var applied = await Api.CliAsync("apply", "--steps", "host", "--root", Api.Host.Path, "--yes");
            Assert.True(applied.ExitCode == 0, applied.ToString());
            return applied.StandardOutput.Trim();
        }

        public async ValueTask DisposeAsync() => await Api.DisposeAsync();
    }

    [Theory]
    [InlineData("api/history/export.csv")]
    [InlineData("api/history/export.json")]
    [InlineData("api/history")]
    public async Task Get_Anonymous_Is401WithNoEntry(string path)
    {
        using var client = _fixture.Api.Client(null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(ApiHost.Name, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_ViewerFilteredByOutcome_DownloadsOnlyThoseEntries()
    {
        using var client = _fixture.Api.Client(Role.Viewer);

        using var response = await client.GetAsync(new Uri($"api/history/export.csv?host={ApiHost.Name}&outcome=rolled-back", UriKind.Relative), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,host,what,steps,user,outcome,summary,id,changeSetId", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains($",{ApiHost.Name},change-set,host,", row, StringComparison.Ordinal);
        Assert.Contains(",rolled-back,", row, StringComparison.Ordinal);
        Assert.EndsWith($",{_fixture.RolledBack},{_fixture.RolledBack}", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportJson_ViewerFilteredByStep_HasEveryEntryOfTheStepNewestFirst()
    {
        using var client = _fixture.Api.Client(Role.Viewer);

        using var response = await client.GetAsync(new Uri("api/history/export.json?step=host", UriKind.Relative), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
        // Newest first: the second apply, the rollback of the first (an event of its set), the first apply.
        Assert.Equal(["change-set", "rollback", "change-set"], entries.Select(e => e.GetProperty("what").GetString()));
        Assert.Equal([_fixture.Applied, _fixture.RolledBack, _fixture.RolledBack], entries.Select(e => e.GetProperty("changeSetId").GetString()));
        Assert.Equal(["applied", "passed", "rolled-back"], entries.Select(e => e.GetProperty("outcome").GetString()));
        Assert.All(entries, e => Assert.Equal(["host"], e.GetProperty("steps").EnumerateArray().Select(s => s.GetString())));
    }

    [Fact]
    public async Task Page_LimitOne_HasANextCursorThatLeadsToTheRest()
    {
        using var client = _fixture.Api.Client(Role.Viewer);

        var first = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/history?limit=1", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        var next = first.GetProperty("next").GetString();
        var second = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/history?limit=5&after={next}", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(_fixture.Applied, Assert.Single(first.GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(second.GetProperty("entries").EnumerateArray(), e => e.GetProperty("id").GetString() == _fixture.Applied);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("api/history/export.csv?outcome=ok", "outcome 'ok' is not an outcome")]
    [InlineData("api/history?from=2026-12-07&to=2026-12-01", "must be before to")]
    [InlineData("api/history?after=page-2", "after 'page-2' is not a cursor")]
    [InlineData("api/history?limit=5000", "limit '5000' is not a page size")]
    public async Task Get_BadWords_Is400SayingWhich(string path, string expected)
    {
        using var client = _fixture.Api.Client(Role.Viewer);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
