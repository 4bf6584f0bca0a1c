using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// The API takes the command line's rules for the VM step's fields: a bad VM name, vendor_id or ROM path is 400 with
/// problem details saying what is accepted, before libvirt is asked anything, and the host root is unchanged.
/// </summary>
public sealed class ApiBadInputTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await ApiHost.StartAsync("qemu+unix:///system?socket=/nonexistent");

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string, string?, string?, string> BadVmFields => new()
    {
        { "win11/../../etc", null, null, "libvirt names hold no '/'" },
        { "win11\r\nshutdown", null, null, "no control characters" },
        { "win11", "thirteenchars", null, "at most 12" },
        { "win11", null, "card.rom", "is not absolute" },
        { "win11", null, "/../../etc/shadow", "climbs above the host's root" },
    };

    [Theory]
    [MemberData(nameof(BadVmFields))]
    public async Task PlanVm_BadField_BadRequestSayingWhatIsAcceptedAndTheHostUnchanged(string vm, string? vendorId, string? rom, string expected)
    {
        using var client = _api.Client(Role.Operator);
        var before = PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_api.Host.Path);

        using var response = await client.PostAsJsonAsync(new Uri($"api/hosts/{ApiHost.Name}/plan", UriKind.Relative),
            new { gpu = ApiHost.GuestGpu, steps = new[] { "vm" }, vm, vendorId, rom, hideHypervisor = vendorId is null ? (bool?)null : true },
            TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}\n{body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(PassthroughWeb.Tests.Reliability.TreeSnapshot.Take(_api.Host.Path).DifferencesFrom(before));
    }
}
