using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Web;

namespace PassthroughWeb.Tests.Web.Transport;

/// <summary>
/// The real web app, built as <c>serve</c> builds it and listening on a free loopback port, answering the names a
/// workstation on the LAN would be reached by (<c>--allowed-host workstation.lan</c>). Its host root is empty.
/// </summary>
public sealed class ServingApp : IAsyncLifetime
{
    public const string AllowedName = "workstation.lan";

    private readonly string _directory = Directory.CreateTempSubdirectory("pw-transport-").FullName;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public string DataDirectory => Path.Combine(_directory, "data");

    public async ValueTask InitializeAsync()
    {
        var root = Path.Combine(_directory, "empty-host");
        Directory.CreateDirectory(root);
        var plan = ListenPlanner.Plan(new ListenRequest
        {
            Urls = "http://127.0.0.1:0",
            AllowedHosts = [AllowedName],
            Machine = new MachineIdentity("workstation", ["192.168.1.10"]),
        }).Plan!;
        var options = new ServeOptions { DataDirectory = DataDirectory, Root = root, Listen = plan };
        PassthroughDatabase.EnsureDirectory(options.DataDirectory);
        _app = WebApplicationHost.Build(options);
        await _app.Services.GetRequiredService<HostStartup>().RunAsync(CancellationToken.None);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        await using var scope = _app.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PassthroughWeb.Services.Access.UserAdministration>()
            .AddAsync(Services.TestActors.Admin, "alice", PassthroughWeb.Core.Access.Role.Admin, "correct horse battery staple");
        if (!added.Succeeded) throw new InvalidOperationException(added.Message);
        var token = await scope.ServiceProvider.GetRequiredService<PassthroughWeb.Services.Access.AccessTokens>()
            .CreateAsync(Services.TestActors.Admin, "alice", "transport-tests", null, CancellationToken.None);
        Token = token.Token?.Secret ?? throw new InvalidOperationException(token.Message);
        var agent = await scope.ServiceProvider.GetRequiredService<PassthroughWeb.Services.Access.AccessTokens>()
            .CreateAgentAsync(Services.TestActors.Admin, "gpu-node-017", CancellationToken.None);
        AgentToken = agent.Token?.Secret ?? throw new InvalidOperationException(agent.Message);
    }

    /// <summary>An agent token (for gpu-node-017): the only kind the agent hub accepts.</summary>
    public string AgentToken { get; private set; } = "";

    /// <summary>An Admin's access token (Admins see every page): every page and hub needs sign-in, and these tests are about what comes before it.</summary>
    public string Token { get; private set; } = "";

    /// <summary>A client that sends the Admin's token with every request.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
