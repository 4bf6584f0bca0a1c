using System.CommandLine;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb serve</c>: runs the web app until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    /// <summary>Set to <c>1</c> (or <c>true</c>) to run host programs through nsenter, as <c>--nsenter</c> does.</summary>
    public const string NsenterEnvironmentVariable = "PASSTHROUGHWEB_NSENTER";

    /// <summary>The Redis server of several hub instances, as <c>--redis</c> gives it.</summary>
    public const string RedisEnvironmentVariable = "PASSTHROUGHWEB_REDIS";

    /// <summary>What <c>serve</c> was asked for, before the data directory and nsenter setting are resolved.</summary>
    internal sealed record Input(string? Urls, string? Data, string Root, bool Demo, bool Nsenter, string? Connection = null)
    {
        public bool InsecureHttp { get; init; }

        public string? Certificate { get; init; }

        public string? Key { get; init; }

        public IReadOnlyList<string> AllowedHosts { get; init; } = [];

        public int? AgentTimeoutSeconds { get; init; }

        public int? AgentAnswerTimeoutSeconds { get; init; }

        public string? Database { get; init; }

        public string? Redis { get; init; }
    }

    internal static Input DefaultInput { get; } = new(null, null, "/", false, false);

    public static Command Create(CliServices services)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (several separated by ';'). Plain http:// only on loopback; on the network https://0.0.0.0:5443, or --insecure-http behind a TLS proxy.",
            DefaultValueFactory = _ => ListenPlanner.DefaultUrls,
            HelpName = "URLS",
        };
        var insecureHttp = new Option<bool>("--insecure-http")
        {
            Description = "Allow plain http:// on an address other than loopback: only behind a TLS reverse proxy (nginx, Caddy) that terminates HTTPS. Its X-Forwarded-Proto is then believed from loopback.",
        };
        var certificate = new Option<string?>("--certificate")
        {
            Description = "Your own certificate (PEM, chain allowed) for the https:// URLs, instead of the one generated into the data directory. Needs --key.",
            HelpName = "FILE",
        };
        var key = new Option<string?>("--key")
        {
            Description = "The unencrypted PEM private key of --certificate.",
            HelpName = "FILE",
        };
        var allowedHosts = new Option<string[]>("--allowed-host")
        {
            Description = "A further name or address browsers use to reach the app (repeatable; *.lan for subdomains). Loopback names, the names in --urls and, on the network, this machine's host name and addresses are always allowed; others get 400.",
            HelpName = "HOST",
            AllowMultipleArgumentsPerToken = false,
        };
        var data = CommonOptions.Data();
        var root = CommonOptions.Root("The host root to scan and configure (a container sees the host at /host).");
        var demo = new Option<bool>("--demo")
        {
            Description = "Also show the 'Sample workstation' host built from the guide's hardware, to look around without touching this machine.",
        };
        var nsenter = new Option<bool>("--nsenter")
        {
            Description = $"Run host programs in the host's namespaces through 'nsenter --target 1' (the container case; also {NsenterEnvironmentVariable}=1).",
        };
        var connect = CommonOptions.Connect();
        var agentTimeout = new Option<int?>("--agent-timeout")
        {
            Description = $"A host whose agent has sent nothing for this many seconds is offline (default 30, at least {(int)Web.Agents.AgentHubSettings.MinimumOfflineAfter.TotalSeconds}: agents send a keep-alive every {(int)Web.Agents.AgentHubSettings.AgentKeepAlive.TotalSeconds} s).",
            HelpName = "SECONDS",
        };
        var agentAnswerTimeout = new Option<int?>("--agent-answer-timeout")
        {
            Description = "How long the hub waits for an agent's answer to a step it asks for on the agent's host, in seconds (default 60 for a plan, verify or history, 300 for an apply or rollback); then it answers 504.",
            HelpName = "SECONDS",
        };
        var database = new Option<string?>("--database")
        {
            Description = $"Keep the app's data in this PostgreSQL database instead of the data directory's SQLite file, e.g. \"Host=db;Database=passthroughweb;Username=passthroughweb;Password=…\" (also ${CommonOptions.DatabaseEnvironmentVariable}, which every verb reads). Several hub instances share one (docs/scaling.md).",
            HelpName = "CONNECTION",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = $"Share live connections, agents and events with the other hub instances through this Redis server (HOST:PORT; also ${RedisEnvironmentVariable}). Needs --database.",
            HelpName = "HOST:PORT",
        };
        var command = new Command("serve", "Run the web app (the default when no verb is given).")
        {
            urls, insecureHttp, certificate, key, allowedHosts, data, root, demo, nsenter, connect, agentTimeout, agentAnswerTimeout, database, redis,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var input = new Input(
                parseResult.GetValue(urls),
                parseResult.GetValue(data),
                parseResult.GetValue(root) ?? "/",
                parseResult.GetValue(demo),
                parseResult.GetValue(nsenter),
                parseResult.GetValue(connect))
            {
                InsecureHttp = parseResult.GetValue(insecureHttp),
                Certificate = parseResult.GetValue(certificate),
                Key = parseResult.GetValue(key),
                AllowedHosts = parseResult.GetValue(allowedHosts) ?? [],
                AgentTimeoutSeconds = parseResult.GetValue(agentTimeout),
                AgentAnswerTimeoutSeconds = parseResult.GetValue(agentAnswerTimeout),
                Database = parseResult.GetValue(database),
                Redis = parseResult.GetValue(redis),
            };
            return RunAsync(parseResult, services, input, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parseResult, CliServices services, Input input, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (!Directory.Exists(input.Root))
        {
            await error.WriteLineAsync($"The host root '{input.Root}' does not exist or is not a directory.").ConfigureAwait(false);
            return ExitCodes.RootNotFound;
        }
        if (input.AgentTimeoutSeconds is { } seconds && seconds < Web.Agents.AgentHubSettings.MinimumOfflineAfter.TotalSeconds)
        {
            await error.WriteLineAsync($"--agent-timeout {seconds} is too short: agents send a keep-alive every {Web.Agents.AgentHubSettings.AgentKeepAlive.TotalSeconds:0} s, so a live agent would go offline. Give at least {Web.Agents.AgentHubSettings.MinimumOfflineAfter.TotalSeconds:0}.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        if (input.AgentAnswerTimeoutSeconds is < 1)
        {
            await error.WriteLineAsync($"--agent-answer-timeout {input.AgentAnswerTimeoutSeconds} is not a time the hub can wait: give a number of seconds, at least 1.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        var decision = ListenPlanner.Plan(ListenRequestFor(input, services));
        if (decision.Refusal is { } refusal)
        {
            await error.WriteLineAsync(refusal.Message).ConfigureAwait(false);
            return ExitCodes.ListenRefused;
        }
        ServeOptions options;
        try
        {
            options = BuildOptions(input, services) with { Listen = decision.Plan! };
        }
        catch (ArgumentException e)
        {
            // A connection string or a Redis address that cannot be read.
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        if (options.Redis is not null && options.Database is null)
        {
            await error.WriteLineAsync("--redis shares one fleet between several hub instances, which must share one database too: add --database (PostgreSQL; docs/scaling.md).").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        try
        {
            return await services.Serve(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use, and SQLite a data directory it cannot write, as IOExceptions.
            await error.WriteLineAsync($"The web app could not run: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ServeFailed;
        }
    }

    /// <summary>The listen request of <paramref name="input"/>; file paths made absolute, as the data directory is.</summary>
    internal static ListenRequest ListenRequestFor(Input input, CliServices services) => new()
    {
        Urls = string.IsNullOrWhiteSpace(input.Urls) ? ListenPlanner.DefaultUrls : input.Urls,
        InsecureHttp = input.InsecureHttp,
        CertificatePath = string.IsNullOrWhiteSpace(input.Certificate) ? null : Path.GetFullPath(input.Certificate),
        KeyPath = string.IsNullOrWhiteSpace(input.Key) ? null : Path.GetFullPath(input.Key),
        AllowedHosts = input.AllowedHosts,
        Machine = services.Machine(),
    };

    internal static ServeOptions BuildOptions(Input input, CliServices services)
    {
        var defaults = new ServeOptions { DataDirectory = "" };
        var dataDirectory = CommonOptions.ResolveDataDirectory(input.Data, services);
        var database = CommonOptions.ResolveDatabase(dataDirectory, input.Database, services);
        var redis = string.IsNullOrWhiteSpace(input.Redis) ? services.GetEnvironmentVariable(RedisEnvironmentVariable) : input.Redis;
        if (!string.IsNullOrWhiteSpace(redis)) Web.Scaling.ScaleOut.Configuration(redis);
        return new ServeOptions
        {
            DataDirectory = dataDirectory,
            Database = database.Provider == Data.DatabaseProvider.Sqlite ? null : database,
            Redis = string.IsNullOrWhiteSpace(redis) ? null : redis.Trim(),
            Root = Path.GetFullPath(input.Root),
            Demo = input.Demo,
            UseNsenter = input.Nsenter || IsSet(services.GetEnvironmentVariable(NsenterEnvironmentVariable)),
            LibvirtConnection = string.IsNullOrWhiteSpace(input.Connection) ? null : input.Connection.Trim(),
            AgentOfflineAfter = input.AgentTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.AgentOfflineAfter,
            AgentAnswerTimeout = input.AgentAnswerTimeoutSeconds is { } answer ? TimeSpan.FromSeconds(answer) : null,
        };
    }

    private static bool IsSet(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}
