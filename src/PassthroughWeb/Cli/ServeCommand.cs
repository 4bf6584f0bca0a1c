using System.CommandLine;
using PassthroughWeb.Configuration;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb serve</c>: runs the web app until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    /// <summary>Set to <c>1</c> (or <c>true</c>) to run host programs through nsenter, as <c>--nsenter</c> does.</summary>
    public const string NsenterEnvironmentVariable = "PASSTHROUGHWEB_NSENTER";

    /// <summary>What <c>serve</c> was asked for, before the data directory and nsenter setting are resolved.</summary>
    internal sealed record Input(string? Urls, string? Data, string Root, bool Demo, bool Nsenter, string? Connection = null);

    internal static Input DefaultInput { get; } = new(null, null, "/", false, false);

    public static Command Create(CliServices services)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:5080 (several separated by ';').",
            DefaultValueFactory = _ => new ServeOptions { DataDirectory = "" }.Urls,
            HelpName = "URLS",
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
        var command = new Command("serve", "Run the web app (the default when no verb is given).")
        {
            urls, data, root, demo, nsenter, connect,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var input = new Input(
                parseResult.GetValue(urls),
                parseResult.GetValue(data),
                parseResult.GetValue(root) ?? "/",
                parseResult.GetValue(demo),
                parseResult.GetValue(nsenter),
                parseResult.GetValue(connect));
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
        var options = BuildOptions(input, services);
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

    internal static ServeOptions BuildOptions(Input input, CliServices services)
    {
        var defaults = new ServeOptions { DataDirectory = "" };
        return new ServeOptions
        {
            Urls = string.IsNullOrWhiteSpace(input.Urls) ? defaults.Urls : input.Urls,
            DataDirectory = CommonOptions.ResolveDataDirectory(input.Data, services),
            Root = Path.GetFullPath(input.Root),
            Demo = input.Demo,
            UseNsenter = input.Nsenter || IsSet(services.GetEnvironmentVariable(NsenterEnvironmentVariable)),
            LibvirtConnection = string.IsNullOrWhiteSpace(input.Connection) ? null : input.Connection.Trim(),
        };
    }

    private static bool IsSet(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}
