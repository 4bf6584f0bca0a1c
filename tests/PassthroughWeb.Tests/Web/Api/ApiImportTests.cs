using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// <c>POST /api/hosts/{name}/import</c>: an Operator's listing (text or JSON) answers the profile document and lists the host
/// as <c>source: "import"</c>; a Viewer, bad bodies and a scanned host's name are refused with nothing stored; the steps of
/// an imported host refuse it.
/// </summary>
public sealed class ApiImportTests(ApiImportTests.Fixture fixture) : IClassFixture<ApiImportTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        internal ApiHost Api { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Api = await ApiHost.StartAsync();

        public async ValueTask DisposeAsync() => await Api.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string LspciNnk =
        "0a:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2070 SUPER] [10de:1e84] (rev a1)\n" +
        "\tKernel driver in use: nvidia\n" +
        "0a:00.1 Audio device [0403]: NVIDIA Corporation TU104 HD Audio Controller [10de:10f8] (rev a1)\n" +
        "\tKernel driver in use: snd_hda_intel\n";

    private static async Task<HttpResponseMessage> PostTextAsync(HttpClient client, string name, string text) =>
        await client.PostAsync(new Uri($"api/hosts/{name}/import", UriKind.Relative), new StringContent(text, Encoding.UTF8, "text/plain"), Ct);

    private static async Task<JsonDocument> JsonOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}:\n{body[..Math.Min(body.Length, 400)]}");
        return JsonDocument.Parse(body);
    }

    private async Task<HttpStatusCode> ProfileStatusAsync(string name)
    {
        using var viewer = fixture.Api.Client(Role.Viewer);
        using var response = await viewer.GetAsync(new Uri($"api/hosts/{name}/profile", UriKind.Relative), Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Import_OperatorTextBody_AnswersTheProfileDocumentAndListsTheHostAsImported()
    {
        using var client = fixture.Api.Client(Role.Operator);

        using var response = await PostTextAsync(client, "gpu-node-017", SampleWorkstation.ListingText);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await JsonOf(response);
        Assert.Equal("iommu-groups", document.RootElement.GetProperty("import").GetProperty("format").GetString());
        Assert.Equal(["ready", "ready"], document.RootElement.GetProperty("gpus").EnumerateArray().Select(g => g.GetProperty("verdict").GetString()));
        using var list = await JsonOf(await client.GetAsync(new Uri("api/hosts", UriKind.Relative), Ct));
        var entry = list.RootElement.EnumerateArray().Single(h => h.GetProperty("name").GetString() == "gpu-node-017");
        Assert.Equal("import", entry.GetProperty("source").GetString());
        Assert.False(entry.GetProperty("online").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await ProfileStatusAsync("gpu-node-017"));
    }

    [Fact]
    public async Task Import_JsonBodyOfLspciNnk_KeepsTheFileNameAndSaysUnknown()
    {
        using var client = fixture.Api.Client(Role.Operator);

        using var response = await ApiHost.PostJsonAsync(client, "api/hosts/render-02/import", new { listing = LspciNnk, sourceName = "lspci-nnk.txt" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await JsonOf(response);
        var import = document.RootElement.GetProperty("import");
        Assert.Equal(("lspci-nnk", "lspci-nnk.txt"), (import.GetProperty("format").GetString(), import.GetProperty("sourceName").GetString()));
        Assert.Equal("unknown", document.RootElement.GetProperty("gpus")[0].GetProperty("verdict").GetString());
        Assert.Equal("nvidia", document.RootElement.GetProperty("devices")[0].GetProperty("driver").GetString());
    }

    [Fact]
    public async Task Import_Viewer_IsForbiddenAndNothingIsStored()
    {
        using var viewer = fixture.Api.Client(Role.Viewer);

        using var response = await PostTextAsync(viewer, "viewer-node", SampleWorkstation.ListingText);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = await JsonOf(response);
        Assert.Equal("victor is a Viewer and may not import hosts: that needs the Operator role.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await ProfileStatusAsync("viewer-node"));
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadImports() => new()
    {
        { "empty-node", "", HttpStatusCode.BadRequest, "The listing is empty" },
        { "binary-node", "\u007fELF\u0002\u0001\u0001\0\0\0\0", HttpStatusCode.BadRequest, "binary data" },
        { "prose-node", "My GPU is an RX 6600 in the second slot.\n", HttpStatusCode.BadRequest, "not a device listing" },
        { "huge-node", new string('x', 5 * 1024 * 1024), HttpStatusCode.RequestEntityTooLarge, "the body is over 4 MiB" },
        { ApiHost.Name, SampleWorkstation.ListingText, HttpStatusCode.Conflict, "an import never replaces a real scan" },
        { "gpu%20node", SampleWorkstation.ListingText, HttpStatusCode.BadRequest, "is not a host name" },
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task Import_BadBodyOrName_IsRefusedAndNothingIsStored(string name, string body, HttpStatusCode status, string detail)
    {
        using var client = fixture.Api.Client(Role.Operator);
        var before = await ProfileStatusAsync(name);

        using var response = await PostTextAsync(client, name, body);

        Assert.Equal(status, response.StatusCode);
        using var problem = await JsonOf(response);
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ProfileStatusAsync(name));
    }

    [Fact]
    public async Task Steps_OfAnImportedHost_AreRefusedByTheOperations()
    {
        using var client = fixture.Api.Client(Role.Operator);
        using (var imported = await PostTextAsync(client, "bench-03", SampleWorkstation.ListingText)) Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        using var plan = await JsonOf(await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "host", "isolate" } }));
        using var verify = await JsonOf(await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/verify", null));
        using var vm = await JsonOf(await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/plan", new { gpu = ApiHost.GuestGpu, steps = new[] { "vm" }, vm = "win11" }));

        Assert.Equal("refused", plan.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, plan.RootElement.GetProperty("planId").ValueKind);
        Assert.Contains("was imported from a listing", plan.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("was imported from a listing", verify.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("was imported from a listing", vm.RootElement.GetRawText(), StringComparison.Ordinal);

        // Its VMs are on a machine this app cannot reach: none of step 4's or 5's routes asks this app's libvirt about it.
        using var vms = await JsonOf(await client.GetAsync(new Uri("api/hosts/bench-03/vms", UriKind.Relative), Ct));
        Assert.Contains("was imported from a listing", vms.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, vms.RootElement.GetProperty("vms").GetArrayLength());
        foreach (var refused in new[]
        {
            await client.GetAsync(new Uri($"api/hosts/bench-03/guest?gpu={ApiHost.GuestGpu}&vm=win11", UriKind.Relative), Ct),
            await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/guest/done", new { gpu = ApiHost.GuestGpu, vm = "win11" }),
            await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/vms/win11/shutdown", null),
            await ApiHost.PostJsonAsync(client, "api/hosts/bench-03/vms/plan", new { name = "win11", iso = "/var/lib/libvirt/images/Win11_24H2_English_x64.iso", gpu = ApiHost.GuestGpu }),
        })
        {
            using (refused)
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                using var problem = await JsonOf(refused);
                Assert.Contains("was imported from a listing", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }
}
