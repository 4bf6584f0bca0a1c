using System.Net;
using System.Text.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Tests.VirtualMachines.Creation;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// Step 4's VMs and step 5 of this app's own host through the API, against the real libvirtd named as
/// <c>serve --connect</c> does: any signed-in user lists, plans and checks; only an Operator's token shuts a VM down,
/// creates one (only the plan that was shown) or marks step 5 done; a body the API cannot take is a 400 that says what it takes.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class VmsApiTests(LibvirtDaemon daemon)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement);
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path) => SendAsync(client.GetAsync(new Uri(path, UriKind.Relative), Ct));

    private static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, object? body) => SendAsync(ApiHost.PostJsonAsync(client, path, body));

    private static void AssertOk((HttpStatusCode Status, JsonElement Body) answer) => Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}\n{answer.Body}");

    [Fact]
    public async Task LocalHost_ListedAndCheckedByAViewer_ShutDownAndStepFiveMarkedByAnOperatorOnly()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "api-vms");
        await using var api = await ApiHost.StartAsync(LibvirtDaemon.Uri);
        using var viewer = api.Client(Role.Viewer);
        using var operatorClient = api.Client(Role.Operator);
        var host = $"api/hosts/{ApiHost.Name}";
        var guest = new { gpu = ApiHost.GuestGpu, vm = domain.Name };

        var list = await GetAsync(viewer, $"{host}/vms");

        AssertOk(list);
        Assert.Equal(LibvirtDaemon.Uri, list.Body.GetProperty("connection").GetString());
        Assert.True(list.Body.GetProperty("changesLibvirt").GetBoolean());
        Assert.Equal("shutOff", list.Body.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == domain.Name).GetProperty("state").GetString());

        var check = await GetAsync(viewer, $"{host}/guest?gpu={ApiHost.GuestGpu}&vm={domain.Name}");

        AssertOk(check);
        var running = check.Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("subject").GetString() == GuestDriverCheck.RunningSubject);
        Assert.Equal("failed", running.GetProperty("outcome").GetString());
        Assert.Contains("shut off", running.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, check.Body.GetProperty("markedDoneAt").ValueKind);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, $"{host}/vms/{domain.Name}/shutdown", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, $"{host}/guest/done", guest)).Status);
        Assert.Empty(await EventsAsync(viewer, host, VmSteps.ShutdownEvent, VmSteps.GuestDoneEvent));

        // A shut-off VM cannot be asked to shut down: libvirt's refusal is in the list's document, and the request in the history.
        var shutdown = await PostAsync(operatorClient, $"{host}/vms/{domain.Name}/shutdown", null);
        AssertOk(shutdown);
        Assert.NotEqual(JsonValueKind.Null, shutdown.Body.GetProperty("error").ValueKind);
        var asked = Assert.Single(await EventsAsync(viewer, host, VmSteps.ShutdownEvent));
        Assert.False(asked.GetProperty("passed").GetBoolean());

        // A VM that is not there cannot be checked, so step 5 is not marked done for it, as `guest --done` refuses it.
        var missing = await PostAsync(operatorClient, $"{host}/guest/done", new { gpu = ApiHost.GuestGpu, vm = "win11-old" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.StartsWith(VmSteps.NotMarkedUnchecked, missing.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EventsAsync(viewer, host, VmSteps.GuestDoneEvent));

        var done = await PostAsync(operatorClient, $"{host}/guest/done", guest);

        AssertOk(done);
        Assert.NotEqual(JsonValueKind.Null, done.Body.GetProperty("markedDoneAt").ValueKind);
        var marked = Assert.Single(await EventsAsync(viewer, host, VmSteps.GuestDoneEvent));
        Assert.Equal(ApiHost.Operator, marked.GetProperty("user").GetString());
        Assert.EndsWith($"work in {domain.Name}.", marked.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalHost_NewVmPlannedByAViewer_CreatedByAnOperatorByThePlanIdOnly_ThenRolledBack()
    {
        daemon.Require();
        using var machine = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("api-create");
        scratch.Track(name);
        await using var app = await TestApp.StartAsync(machine.Root.Path, LibvirtDaemon.Uri);
        using var viewer = await ClientAsync(app, ApiHost.Viewer, Role.Viewer);
        using var operatorClient = await ClientAsync(app, ApiHost.Operator, Role.Operator);
        var host = $"api/hosts/{SampleWorkstation.HostName}";
        var form = new Dictionary<string, object>
        {
            ["name"] = name, ["iso"] = NewVmHost.Win11Iso, ["gpu"] = "07:00.0", ["memory"] = "6G", ["pool"] = scratch.Pool, ["network"] = scratch.Network,
        };

        var plan = await PostAsync(viewer, $"{host}/vms/plan", form);

        AssertOk(plan);
        Assert.Equal("planned", plan.Body.GetProperty("outcome").GetString());
        Assert.Equal(6L << 30, plan.Body.GetProperty("vm").GetProperty("memoryBytes").GetInt64());
        var planId = plan.Body.GetProperty("planId").GetString()!;
        Assert.StartsWith("pl_", planId, StringComparison.Ordinal);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);

        // An id no plan was shown under, or a Viewer's token: nothing is created.
        var unknown = await PostAsync(operatorClient, $"{host}/vms/create", new Dictionary<string, object>(form) { ["planId"] = "pl_" + new string('0', 24) });
        Assert.True(unknown.Status == HttpStatusCode.Conflict, unknown.Body.ToString());
        Assert.Contains("Nothing was created", unknown.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, $"{host}/vms/create", new Dictionary<string, object>(form) { ["planId"] = planId })).Status);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);

        var created = await PostAsync(operatorClient, $"{host}/vms/create", new Dictionary<string, object>(form) { ["planId"] = planId });

        AssertOk(created);
        Assert.True(created.Body.GetProperty("created").GetBoolean());
        Assert.Contains("bus='0x07'", await daemon.MustAsync("dumpxml", "--inactive", "--domain", name), StringComparison.Ordinal);
        Assert.Contains((await GetAsync(viewer, $"{host}/vms")).Body.GetProperty("vms").EnumerateArray(), v => v.GetProperty("name").GetString() == name);

        var rolledBack = await PostAsync(operatorClient, $"api/change-sets/{created.Body.GetProperty("changeSetId").GetString()}/rollback", null);

        AssertOk(rolledBack);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
    }

    [Fact]
    public async Task BadInput_400NamingWhatIsAccepted_AnUnknownHost404_AndNoToken401()
    {
        await using var api = await ApiHost.StartAsync();
        using var client = api.Client(Role.Operator);
        var cases = new (string Route, string Body, string Message)[]
        {
            ("vms/plan", """{"iso": "/srv/isos/Win11_24H2_English_x64.iso"}""", "\"name\" is required"),
            ("vms/plan", """{"name": "win11", "iso": "/srv/isos/w.iso", "windows": "7"}""", "\"windows\" 7: give 10 or 11"),
            ("vms/plan", """{"name": "win11", "iso": "/srv/isos/w.iso", "memory": "lots"}""", "\"memory\" lots: give a size such as 8G"),
            ("vms/plan", """{"name": "win11", "iso": "/srv/isos/w.iso", "cpus": 4}""", "\"vcpus\""),
            ("vms/plan", """{"planId": "pl_000000000000000000000000", "name": "win11", "iso": "/srv/isos/w.iso"}""", "\"planId\" belongs to POST /api/hosts/{name}/vms/create"),
            ("vms/create", """{"name": "win11", "iso": "/srv/isos/w.iso"}""", "\"planId\" is required"),
            ("vms/create", """{"planId": "latest", "name": "win11", "iso": "/srv/isos/w.iso"}""", "'latest' is not a plan id"),
            ("guest/done", """{"gpu": "07:00.0"}""", "Step 5 needs \"vm\""),
            ("guest/done", """{"gpu": "7-0", "vm": "win11"}""", "'7-0' is not a PCI address"),
        };

        foreach (var (route, body, message) in cases)
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var answer = await SendAsync(client.PostAsync(new Uri($"api/hosts/{ApiHost.Name}/{route}", UriKind.Relative), content, Ct));

            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{route} {body}: {(int)answer.Status}\n{answer.Body}");
            Assert.Contains(message, answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var noVm = await GetAsync(client, $"api/hosts/{ApiHost.Name}/guest?gpu=07:00.0");
        Assert.Equal(HttpStatusCode.BadRequest, noVm.Status);
        Assert.Contains("?gpu=07:00.0&vm=win11", noVm.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unknown = await GetAsync(client, "api/hosts/gpu-node-999/vms");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("gpu-node-999", unknown.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var anonymous = api.Client(null);
        using var unsigned = await anonymous.GetAsync(new Uri($"api/hosts/{ApiHost.Name}/vms", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    /// <summary>The host's history events of these kinds, as GET …/history answers them.</summary>
    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string host, params string[] kinds)
    {
        var history = await GetAsync(client, $"{host}/history");
        AssertOk(history);
        return [.. history.Body.GetProperty("events").EnumerateArray().Where(e => kinds.Contains(e.GetProperty("kind").GetString()))];
    }

    private static async Task<HttpClient> ClientAsync(TestApp app, string user, Role role)
    {
        await app.AddUserAsync(user, role, ApiHost.Password);
        var client = app.NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.CreateTokenAsync(user, "api-tests"));
        return client;
    }
}
