using System.CommandLine;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Load;

/// <summary>
/// What the fleet needs on the hub's data directory before the hub starts: an Admin (<c>user add</c>), a token for the
/// watching clients (<c>token create --user</c>), and one agent token per host, made by the same operation as
/// <c>token create --agent HOSTNAME</c> (<see cref="AccessTokens.CreateAgentAsync"/>), in this process on one database
/// connection pool instead of a thousand CLI starts.
/// </summary>
public sealed record FleetAccess(string WatchToken, IReadOnlyDictionary<string, string> AgentTokens, TimeSpan AgentTokensTook)
{
    public const string AdminName = "load-admin";

    public static async Task<FleetAccess> CreateAsync(string dataDirectory, IReadOnlyList<string> hosts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var password = $"load-{Guid.NewGuid():N}";
        await RunCliAsync(CliServices.Default with { StandardInput = new StringReader(password + "\n") }, ct,
            "user", "add", AdminName, "--role", "admin", "--password-stdin", "--data", dataDirectory);
        var watchToken = (await RunCliAsync(CliServices.Default, ct, "token", "create", "--user", AdminName, "--name", "load-watch", "--data", dataDirectory)).TrimEnd().Split('\n')[^1];

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(TimeProvider.System);
        collection.AddDbContextFactory<PassthroughDbContext>(db => PassthroughDatabase.Configure(db, dataDirectory));
        collection.AddPassthroughIdentityCore();
        await using var provider = collection.BuildServiceProvider();
        var admin = new Actor(AdminName, Role.Admin, AuthenticationMethod.CommandLine);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (var host in hosts)
        {
            await using var scope = provider.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateAgentAsync(admin, host, ct);
            tokens[host] = result.Token?.Secret ?? throw new InvalidOperationException($"No agent token for {host}: {result.Message}");
        }
        return new FleetAccess(watchToken, tokens, clock.Elapsed);
    }

    private static async Task<string> RunCliAsync(CliServices services, CancellationToken ct, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        ct.ThrowIfCancellationRequested();
        var exitCode = await CliApplication.RunAsync(args, services, new InvocationConfiguration { Output = output, Error = error });
        if (exitCode != 0) throw new InvalidOperationException($"`PassthroughWeb {string.Join(' ', args.Where(a => !a.StartsWith('/')))}` failed ({exitCode}): {error}");
        return output.ToString();
    }
}
