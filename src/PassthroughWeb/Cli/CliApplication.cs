using System.CommandLine;
using System.CommandLine.Parsing;

namespace PassthroughWeb.Cli;

/// <summary>Entry point of the executable: no verb (or <c>serve</c>) runs the web app, <c>scan</c> prints a host's profile.</summary>
public static class CliApplication
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliServices.Default, new InvocationConfiguration());

    /// <summary>Parses and runs <paramref name="args"/>; output goes to the configuration's Output and Error writers.</summary>
    public static async Task<int> RunAsync(string[] args, CliServices services, InvocationConfiguration invocation)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(invocation);
        var parsed = CreateRootCommand(services).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Written here rather than by System.CommandLine, which prints help (and blank lines) on stdout and
            // exits with 1: a typo must leave a script's JSON pipe empty and be told apart from a crash.
            foreach (var error in parsed.Errors) await invocation.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            await invocation.Error.WriteLineAsync($"Run '{CommandPath(parsed.CommandResult)} --help' to see the options.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        // The handler below replaces System.CommandLine's, which would print a database failure as a crash (exit 1).
        invocation.EnableDefaultExceptionHandler = false;
        try
        {
            return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseCause(e) is { } failure)
        {
            // A verb's checks at its start passed, and a write later met the database held by another process (a full
            // disk, a PostgreSQL server gone …): said as the start says it. In write-ahead-log mode a held database no longer stops the
            // start's reads, so this is where a `sqlite3` shell left in a transaction is met.
            var database = CommonOptions.ResolveDatabase(CommonOptions.ResolveDataDirectory(OptionValue(parsed, "--data"), services), OptionValue(parsed, "--database"), services);
            await invocation.Error.WriteLineAsync(Data.DatabaseProblem.Explain(database, failure).Message).ConfigureAwait(false);
            return ExitCodes.DataDirectoryUnusable;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await invocation.Error.WriteLineAsync("Unhandled exception: " + e).ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
    }

    private static System.Data.Common.DbException? DatabaseCause(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException failure) return failure;
        }
        return null;
    }

    private static string? OptionValue(ParseResult parsed, string name) =>
        parsed.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name) is Option<string?> option ? parsed.GetValue(option) : null;

    public static RootCommand CreateRootCommand(CliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var root = new RootCommand(
            "PassthroughWeb: find out whether this Linux host can give a GPU to a Windows VM, and set it up step by step.\n" +
            "Without a verb it runs the web app with the defaults of 'serve'.")
        {
            ScanCommand.Create(services),
            ServeCommand.Create(services),
            PlanCommand.Create(services),
            ApplyCommand.Create(services),
            VerifyCommand.Create(services),
            RehearseCommand.Create(services),
            RollbackCommand.Create(services),
            HistoryCommand.Create(services),
            RolloutCommand.Create(services),
            VmsCommand.Create(services),
            VmShutdownCommand.Create(services),
            CreateVmCommand.Create(services),
            GuestCommand.Create(services),
            UserCommand.Create(services),
            TokenCommand.Create(services),
            WatchCommand.Create(services),
            ImportCommand.Create(services),
            AgentCommand.Create(services),
            DriftCommand.Create(services),
            DatabaseCommand.Create(services),
        };
        root.SetAction((parseResult, cancellationToken) =>
            ServeCommand.RunAsync(parseResult, services, ServeCommand.DefaultInput, cancellationToken));
        return root;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command) names.Insert(0, command.Parent is null ? "PassthroughWeb" : command.Command.Name);
        }
        return string.Join(' ', names);
    }
}
