using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Web.Api;

/// <summary>
/// The real web app serving the guide's workstation (a fixture root, so applies change only its files) with a Viewer
/// and an Operator who each have an access token, and the CLI on the same data directory to compare the API with.
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";
    public const string Operator = "olivia";
    public const string Viewer = "victor";
    public static readonly string GuestGpu = SampleWorkstation.GuestGpu.ToString();
    public static readonly string BootGpu = SampleWorkstation.HostGpu.ToString();

    private readonly Dictionary<Role, string> _tokens = [];

    private ApiHost(GuideWorkstation host, TestApp app)
    {
        Host = host;
        App = app;
    }

    public GuideWorkstation Host { get; }
    public TestApp App { get; }

    /// <summary>The name the app knows the workstation by (from its /etc/hostname).</summary>
    public static string Name => SampleWorkstation.HostName;

    /// <summary>Starts the app on a new copy of the workstation; <paramref name="libvirtConnection"/> as <c>serve --connect</c> names it; <paramref name="services"/> as <see cref="TestApp.StartAsync"/> takes them.</summary>
    public static async Task<ApiHost> StartAsync(string? libvirtConnection = null, Action<IServiceCollection>? services = null)
    {
        var host = new GuideWorkstation();
        var app = await TestApp.StartAsync(host.Path, libvirtConnection, services);
        var api = new ApiHost(host, app);
        await app.AddUserAsync(Operator, Role.Operator, Password);
        await app.AddUserAsync(Viewer, Role.Viewer, Password);
        api._tokens[Role.Operator] = await app.CreateTokenAsync(Operator, "api-tests");
        api._tokens[Role.Viewer] = await app.CreateTokenAsync(Viewer, "api-tests");
        return api;
    }

    /// <summary>A client sending the token of a user with <paramref name="role"/>; null: no credentials at all.</summary>
    public HttpClient Client(Role? role)
    {
        var client = App.NewClient();
        if (role is { } r) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[r]);
        return client;
    }

    /// <summary>The CLI run in-process on the app's data directory.</summary>
    public Task<CliRun> CliAsync(params string[] args) => CliRun.RunAsync([.. args, "--data", App.DataDirectory]);

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object? body) =>
        body is null
            ? client.PostAsync(new Uri(path, UriKind.Relative), null, TestContext.Current.CancellationToken)
            : client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Host.Dispose();
    }
}
