using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// The API answers the CLI's documents: the same bytes for the same host and data directory, and an apply then a
/// rollback through it change the host's files and put them back byte for byte.
/// </summary>
public sealed class ApiDocumentsTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await ApiHost.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static async Task<string> ReadOkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>What the CLI printed with --json: the document and the line end WriteLine added.</summary>
    private static string Printed(Tests.Cli.CliRun run) => run.StandardOutput.TrimEnd('\n');

    [Fact]
    public async Task Profile_IsExactlyWhatScanJsonPrinted()
    {
        // The CLI stores a newer profile of the same host in the app's data directory; the API answers the stored one.
        var scan = await _api.CliAsync("scan", "--root", _api.Host.Path, "--json");
        Assert.True(scan.ExitCode == 0, scan.ToString());
        using var client = _api.Client(Role.Viewer);

        var profile = await ReadOkAsync(await client.GetAsync(new Uri($"api/hosts/{ApiHost.Name}/profile", UriKind.Relative), TestContext.Current.CancellationToken));

        Assert.Equal(Printed(scan), profile);
    }

    [Fact]
    public async Task Plan_IsExactlyWhatPlanJsonPrints()
    {
        var cli = await _api.CliAsync("plan", "--gpu", ApiHost.GuestGpu, "--steps", "host,isolate", "--root", _api.Host.Path, "--json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        using var client = _api.Client(Role.Viewer);

        var plan = await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } }));

        Assert.Equal(Printed(cli), plan);
        Assert.Contains("\"path\": \"/etc/default/grub\"", plan, StringComparison.Ordinal);
        Assert.StartsWith("pl_", JsonDocument.Parse(plan).RootElement.GetProperty("planId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RefusedByTheInterlock_IsStillAPlanWithItsRefusals()
    {
        using var client = _api.Client(Role.Viewer);

        var plan = JsonDocument.Parse(await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.BootGpu, steps = new[] { "isolate" } }))).RootElement;

        Assert.Equal("refused", plan.GetProperty("outcome").GetString());
        Assert.Contains("single-GPU", plan.GetProperty("refusals")[0].GetProperty("whatToDo").GetString() + plan.GetProperty("refusals")[0].GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyThenRollback_ThroughTheApi_FilesChangeThenComeBackByteForByte_AndHistoryIsTheClis()
    {
        var before = _api.Host.Snapshot();
        using var client = _api.Client(Role.Operator);

        var plan = JsonDocument.Parse(await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } }))).RootElement;
        var planId = plan.GetProperty("planId").GetString()!;
        Assert.Equal(before, _api.Host.Snapshot());

        var applied = JsonDocument.Parse(await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/hosts/{ApiHost.Name}/apply", new { planId }))).RootElement;

        Assert.Equal("applied", applied.GetProperty("outcome").GetString());
        Assert.Equal(planId, applied.GetProperty("plan").GetProperty("planId").GetString());
        var id = applied.GetProperty("changeSetId").GetString()!;
        Assert.Contains("intel_iommu=on iommu=pt", File.ReadAllText(_api.Host.MachinePath("etc/default/grub")), StringComparison.Ordinal);
        Assert.True(File.Exists(_api.Host.MachinePath("etc/modprobe.d/vfio.conf")));
        var history = await _api.CliAsync("history", "--root", _api.Host.Path, "--json");
        Assert.Equal(Printed(history), await ReadOkAsync(await client.GetAsync(new Uri($"api/hosts/{ApiHost.Name}/history", UriKind.Relative), TestContext.Current.CancellationToken)));
        Assert.Equal("olivia", JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("changeSets")[0].GetProperty("user").GetString());

        var rolledBack = JsonDocument.Parse(await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/change-sets/{id}/rollback", null))).RootElement;

        Assert.Equal("rolledBack", rolledBack.GetProperty("outcome").GetString());
        Assert.Equal(id, rolledBack.GetProperty("changeSetId").GetString());
        Assert.Equal(before, _api.Host.Snapshot());
        // The same answer as `rollback --json` for the same set: already rolled back, nothing touched.
        var again = await ReadOkAsync(await ApiHost.PostJsonAsync(client, $"api/change-sets/{id}/rollback", new { force = false }));
        var cli = await _api.CliAsync("rollback", id, "--json");
        Assert.Equal(Printed(cli), again);
        Assert.Equal("alreadyRolledBack", JsonDocument.Parse(again).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Hosts_ListsTheWorkstationWithItsGpusAndVerdicts()
    {
        using var client = _api.Client(Role.Viewer);

        var hosts = JsonDocument.Parse(await ReadOkAsync(await client.GetAsync(new Uri("api/hosts", UriKind.Relative), TestContext.Current.CancellationToken))).RootElement;

        var host = Assert.Single(hosts.EnumerateArray());
        Assert.Equal(ApiHost.Name, host.GetProperty("name").GetString());
        Assert.True(host.GetProperty("online").GetBoolean());
        Assert.Equal("local", host.GetProperty("source").GetString());
        Assert.False(host.GetProperty("drifted").GetBoolean());
        Assert.True(host.GetProperty("lastScan").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        var gpus = host.GetProperty("gpus").EnumerateArray().ToDictionary(g => g.GetProperty("address").GetString()!, g => g.GetProperty("verdict").GetString());
        Assert.Equal(["0000:03:00.0", "0000:07:00.0"], gpus.Keys.Order());
        Assert.All(gpus.Values, v => Assert.Contains(v, new[] { "ready", "shared-group", "blocked" }));
    }
}
