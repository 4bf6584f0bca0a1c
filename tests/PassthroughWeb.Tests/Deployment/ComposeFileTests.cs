using System.Text.Json;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>Docker cannot run on the build machines: the compose file is validated and its normalised form checked.</summary>
public sealed class ComposeFileTests(NormalisedCompose compose) : IClassFixture<NormalisedCompose>
{
    private JsonElement Top()
    {
        if (compose.SkipReason is not null) Assert.Skip(compose.SkipReason);
        Assert.True(compose.Config!.Succeeded, $"docker-compose config failed: {compose.Config.StandardError}");
        return compose.Document;
    }

    private JsonElement Service() => Top().GetProperty("services").GetProperty("passthroughweb");

    [Fact]
    public void Compose_Service_IsPrivilegedInTheHostPidNamespace()
    {
        var service = Service();

        Assert.True(service.GetProperty("privileged").GetBoolean());
        Assert.Equal("host", service.GetProperty("pid").GetString());
    }

    [Fact]
    public void Compose_Command_ServesTheHostRootThroughNsenter()
    {
        var command = Service().GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToList();

        Assert.Equal("serve", command[0]);
        Assert.Equal("/host", command[command.IndexOf("--root") + 1]);
        Assert.Contains("--nsenter", command);
    }

    [Fact]
    public void Compose_Volumes_MountTheHostRootAndKeepTheDatabaseInANamedVolume()
    {
        var top = Top();
        var service = Service();
        var volumes = service.GetProperty("volumes").EnumerateArray().ToList();

        var hostRoot = Assert.Single(volumes, v => v.GetProperty("type").GetString() == "bind");
        Assert.Equal("/", hostRoot.GetProperty("source").GetString());
        Assert.Equal("/host", hostRoot.GetProperty("target").GetString());
        // Later steps write the host's boot configuration: the mount must stay writable.
        Assert.False(hostRoot.TryGetProperty("read_only", out var readOnly) && readOnly.GetBoolean());

        var data = Assert.Single(volumes, v => v.GetProperty("type").GetString() == "volume");
        Assert.Equal(service.GetProperty("environment").GetProperty("PASSTHROUGHWEB_DATA").GetString(), data.GetProperty("target").GetString());
        Assert.True(top.GetProperty("volumes").TryGetProperty(data.GetProperty("source").GetString()!, out _), "the database volume is a named volume");
    }

    [Fact]
    public async Task Compose_Network_IsTheHostsWithTheAppOnItsLoopback()
    {
        var service = Service();
        var command = service.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToArray();

        Assert.Equal("host", service.GetProperty("network_mode").GetString());
        // Published ports mean nothing with the host's network, and would suggest the app listens on them.
        Assert.False(service.TryGetProperty("ports", out _));
        var plan = await DeploymentCommandLine.ServeAsync(command);
        Assert.All(plan.Endpoints, e => Assert.True(e.IsLoopback, $"{e.Url} is not loopback"));
    }

    [Fact]
    public void Compose_Build_UsesTheRepositoryDockerfile()
    {
        Assert.Equal(RepositoryFiles.Root, Service().GetProperty("build").GetProperty("context").GetString());
        Assert.True(File.Exists(RepositoryFiles.PathOf("Dockerfile")));
    }

    [Fact]
    public void Compose_FleetProfile_AddsPostgresRedisAndAHubOnThem_AndThePlainUpStartsOnlyTheApp()
    {
        var services = Top().GetProperty("services");
        Assert.False(Service().TryGetProperty("profiles", out _));
        foreach (var name in new[] { "postgres", "redis", "hub" })
            Assert.Equal(["fleet"], services.GetProperty(name).GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));

        var hub = services.GetProperty("hub");
        var command = hub.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToList();
        var database = hub.GetProperty("environment").GetProperty("PASSTHROUGHWEB_DATABASE").GetString()!;
        var postgres = services.GetProperty("postgres");
        // The hub reaches both servers where they are published, on the host's loopback.
        Assert.Contains("Host=127.0.0.1;Port=5432;Database=" + postgres.GetProperty("environment").GetProperty("POSTGRES_DB").GetString(), database, StringComparison.Ordinal);
        Assert.Contains("Username=" + postgres.GetProperty("environment").GetProperty("POSTGRES_USER").GetString(), database, StringComparison.Ordinal);
        Assert.Contains("Password=" + postgres.GetProperty("environment").GetProperty("POSTGRES_PASSWORD").GetString(), database, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:6379", command[command.IndexOf("--redis") + 1]);
        // docker-compose 1.29 normalises ports to HOST_IP:PUBLISHED:TARGET/PROTOCOL.
        Assert.Equal(["127.0.0.1:5432:5432/tcp"], postgres.GetProperty("ports").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["127.0.0.1:6379:6379/tcp"], services.GetProperty("redis").GetProperty("ports").EnumerateArray().Select(p => p.GetString()));
        Assert.False(hub.TryGetProperty("privileged", out _));
    }
}
