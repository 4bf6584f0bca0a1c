using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Services;
using PassthroughWeb.Web;

namespace PassthroughWeb.Tests.Web;

/// <summary>
/// The real web app (<see cref="WebApplicationHost.Build"/>, the same services, middleware and endpoints as <c>serve</c>)
/// on an in-memory test server, after the same start-up (migrations, the scan of an empty host root, the setup secret).
/// <c>WebApplicationFactory</c> cannot be used: the entry point is the CLI, which parses its own argv.
/// </summary>
public sealed partial class TestApp : IAsyncDisposable
{
    private readonly TemporaryDataDirectory _data;
    private readonly ServeOptions _options;
    private readonly Action<IServiceCollection>? _services;

    private TestApp(TemporaryDataDirectory data, ServeOptions options, Action<IServiceCollection>? services, WebApplication app)
    {
        _data = data;
        _options = options;
        _services = services;
        App = app;
    }

    public WebApplication App { get; private set; }

    /// <summary>The app's data directory, for the CLI to work on the same one (<c>--data</c>).</summary>
    public string DataDirectory => Path.Combine(_data.Path, "data");

    /// <summary>
    /// Starts the app on <paramref name="root"/> (a fixture host), or on an empty host root when none is given; with
    /// <paramref name="libvirtConnection"/> as <c>serve --connect</c> names it; <paramref name="services"/> replaces
    /// services after the app's own registrations (the last registration wins).
    /// </summary>
    public static async Task<TestApp> StartAsync(string? root = null, string? libvirtConnection = null, Action<IServiceCollection>? services = null)
    {
        var data = new TemporaryDataDirectory();
        if (root is null)
        {
            root = Path.Combine(data.Path, "host");
            Directory.CreateDirectory(root);
        }
        var options = new ServeOptions { DataDirectory = Path.Combine(data.Path, "data"), Root = root, LibvirtConnection = libvirtConnection, Listen = PassthroughWeb.Core.Transport.ListenPlanner.Plan(new PassthroughWeb.Core.Transport.ListenRequest { Urls = "http://127.0.0.1:0", Machine = new PassthroughWeb.Core.Transport.MachineIdentity("workstation", []) }).Plan! };
        PassthroughDatabase.EnsureDirectory(options.DataDirectory);
        return new TestApp(data, options, services, await BuildAndStartAsync(options, services));
    }

    /// <summary>Stops the app and starts it again on the same data directory and host root, as a restart of the hub does; clients made before go with it.</summary>
    public async Task RestartAsync()
    {
        await App.StopAsync(TestContext.Current.CancellationToken);
        await App.DisposeAsync();
        App = await BuildAndStartAsync(_options, _services);
    }

    private static async Task<WebApplication> BuildAndStartAsync(ServeOptions options, Action<IServiceCollection>? services)
    {
        var app = WebApplicationHost.Build(options, configure: builder =>
        {
            builder.WebHost.UseTestServer();
            services?.Invoke(builder.Services);
        });
        await app.Services.GetRequiredService<HostStartup>().RunAsync(TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>A client that keeps cookies and does not follow redirects (so a redirect to the sign-in page can be seen).</summary>
    public HttpClient NewClient() => new(new CookieHandler(App.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://localhost/") };

    public async Task AddUserAsync(string name, Role role, string password)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(TestActors.Admin, name, role, password);
        Assert.True(result.Succeeded, result.Message);
    }

    public async Task<string> CreateTokenAsync(string user, string name, int? expiresInDays = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateAsync(TestActors.Admin, user, name, expiresInDays, CancellationToken.None);
        return result.Token?.Secret ?? throw new InvalidOperationException(result.Message);
    }

    /// <summary>Posts the sign-in form the way a browser does (with its antiforgery token); returns the response.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await PostFormAsync(client, "account/login", "sign-in", new() { ["Input.Name"] = name, ["Input.Password"] = password });
    }

    /// <summary>Opens a page rendered on the server and posts one of its forms, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields, string? postTo = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}:\n{html}");
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri(postTo ?? page, UriKind.Relative), content);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Keeps the cookies a browser would keep: the sign-in cookie, the antiforgery cookie.</summary>
    private sealed class CookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly CookieContainer _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var header = _cookies.GetCookieHeader(uri);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var cookie in setCookies) _cookies.SetCookies(uri, cookie);
            return response;
        }
    }
}
