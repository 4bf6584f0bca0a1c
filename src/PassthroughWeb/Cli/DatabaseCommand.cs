using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Copying;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb database copy --to CONNECTION</c>: moves a stopped hub's data (users, tokens, hosts, history,
/// rollouts …) from its data directory's SQLite file into an empty PostgreSQL database, which <c>serve --database</c>
/// then uses (docs/scaling.md). The SQLite file is read, never changed: it stays as the way back.
/// </summary>
public static class DatabaseCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("database", "The app's database: copy a hub's SQLite data into PostgreSQL.");
        command.Subcommands.Add(Copy(services));
        return command;
    }

    private static Command Copy(CliServices services)
    {
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to copy into, as serve --database takes it: \"Host=db;Database=passthroughweb;Username=passthroughweb;Password=…\". It must exist and hold no data.",
            HelpName = "CONNECTION",
            Required = true,
        };
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("what was copied");
        var command = new Command("copy", "Copy every table of the data directory's SQLite database into an empty PostgreSQL database, in one transaction. Stop the hub first.")
        {
            to, data, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services);
            var source = DatabaseLocation.Sqlite(dataDirectory);
            DatabaseLocation target;
            try
            {
                target = DatabaseLocation.PostgreSql(parseResult.GetValue(to)!, dataDirectory);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"--to: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            DatabaseCopyResult result;
            try
            {
                result = await DatabaseCopy.CopyAsync(source, target, ct, message => error.WriteLine(message)).ConfigureAwait(false);
            }
            catch (DatabaseUnavailableException e)
            {
                await error.WriteLineAsync(e.Message + " Nothing was copied.").ConfigureAwait(false);
                return ExitCodes.DataDirectoryUnusable;
            }
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Message).ConfigureAwait(false);
                return ExitCodes.Refused;
            }
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(DatabaseCopyDocument.Map(source, target, result), CliJsonContext.Output.DatabaseCopyDocument)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync(result.Message).ConfigureAwait(false);
            await output.WriteLineAsync($"{"TABLE",-24} {"ROWS",10}").ConfigureAwait(false);
            foreach (var table in result.Tables)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Table,-24} {table.Rows,10}")).ConfigureAwait(false);
            await error.WriteLineAsync($"Start the hub on it with the same --data and the same connection string: PassthroughWeb serve --database \"…\" --data {dataDirectory}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
