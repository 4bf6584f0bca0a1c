using System.Net;
using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Tests.Services.Drift;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// "Keep the hardware as it is now" outside the host page: step 3 applied for the guest card, the card moved to the next
/// slot and the host scanned again; an Operator accepts the new layout at the API or with <c>drift accept</c>.
/// </summary>
public sealed class DriftApiTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await ApiHost.StartAsync();
        var applied = await _api.CliAsync("apply", "--root", _api.Host.Path, "--steps", "isolate", "--gpu", ApiHost.GuestGpu, "--yes");
        Assert.True(applied.ExitCode == ExitCodes.Success, applied.ToString());
        CardMoves.MoveGuestCardToSlot8(_api.Host.Path);
        var scan = await _api.CliAsync("scan", "--root", _api.Host.Path);
        Assert.True(scan.ExitCode == ExitCodes.Success, scan.ToString());
        Assert.Contains("DRIFT", scan.StandardOutput, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static string AcceptPath(string host) => $"api/hosts/{host}/drift/accept";

    [Fact]
    public async Task AnOperatorAcceptsTheMovedCard_OnceOnly_AViewerMayNot_AnUnknownHostIs404()
    {
        using var viewer = _api.Client(Role.Viewer);
        using var refused = await ApiHost.PostJsonAsync(viewer, AcceptPath(ApiHost.Name), null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var client = _api.Client(Role.Operator);
        using var unknown = await ApiHost.PostJsonAsync(client, AcceptPath("gpu-node-404"), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var accepted = await ApiHost.PostJsonAsync(client, AcceptPath(ApiHost.Name), null);
        var body = await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, body);
        var document = JsonDocument.Parse(body).RootElement;
        Assert.Equal("accepted", document.GetProperty("outcome").GetString());
        Assert.Contains("it is at 0000:08:00.0 now", document.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The host list no longer flags it, the history names who accepted, and the CLI finds nothing left to accept.
        using var hosts = JsonDocument.Parse(await viewer.GetStringAsync(new Uri("api/hosts", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.False(hosts.RootElement.EnumerateArray().Single(h => h.GetProperty("name").GetString() == ApiHost.Name).GetProperty("drifted").GetBoolean());
        using var history = JsonDocument.Parse(await viewer.GetStringAsync(new Uri($"api/hosts/{ApiHost.Name}/history", UriKind.Relative), TestContext.Current.CancellationToken));
        var newest = history.RootElement.GetProperty("events")[0];
        Assert.Equal(("drift-accepted", ApiHost.Operator), (newest.GetProperty("kind").GetString(), newest.GetProperty("user").GetString()));
        var again = await _api.CliAsync("drift", "accept", "--root", _api.Host.Path, "--json");
        Assert.True(again.ExitCode == ExitCodes.NothingToDo, again.ToString());
        Assert.Equal("nothingToAccept", JsonDocument.Parse(again.StandardOutput).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task DriftAccept_OnTheCommandLine_KeepsTheNewLayout_AndScanNoLongerFlagsIt()
    {
        var accepted = await _api.CliAsync("drift", "accept", "--root", _api.Host.Path);

        Assert.True(accepted.ExitCode == ExitCodes.Success, accepted.ToString());
        Assert.StartsWith("Accepted the hardware of profile #", accepted.StandardOutput, StringComparison.Ordinal);
        var scan = await _api.CliAsync("scan", "--root", _api.Host.Path);
        Assert.DoesNotContain("DRIFT", scan.StandardOutput, StringComparison.Ordinal);
    }
}
