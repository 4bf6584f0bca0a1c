using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb scan</c>: reads a host (never changes it), prints its profile and stores it in the data directory.</summary>
public static class ScanCommand
{
    public static Command Create(CliServices services)
    {
        var root = CommonOptions.Root("The host root to read (a copy of a host's /sys and /proc works too).");
        var json = new Option<bool>("--json")
        {
            Description = "Print the profile as JSON (the contract in docs/cli.md) and nothing else on stdout.",
        };
        var data = CommonOptions.Data();
        var noSave = new Option<bool>("--no-save")
        {
            Description = "Do not store the scan as a hardware profile in the data directory.",
        };
        var command = new Command("scan", "Scan a host (CPU, IOMMU, PCI devices, IOMMU groups) and judge every GPU for passthrough.")
        {
            root, json, data, noSave,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            services,
            parseResult.GetValue(root) ?? "/",
            parseResult.GetValue(json),
            parseResult.GetValue(noSave) ? null : CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, CliServices services, string rootPath, bool json, string? dataDirectory, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (!Directory.Exists(rootPath))
        {
            await error.WriteLineAsync($"The host root '{rootPath}' does not exist or is not a directory. Give --root a directory that holds the host's sys/ and proc/ (default /).").ConfigureAwait(false);
            return ExitCodes.RootNotFound;
        }
        if (!services.IsPrivileged)
            await error.WriteLineAsync("Not running as root: the scan only reads, and some files (ACPI tables, PCI config space) may be unreadable; run it with sudo for the full picture.").ConfigureAwait(false);

        // Before the scan: a change set a crash left half applied is put back first, and the scan sees the host as it is
        // then. A data directory that cannot be used still gets its scan printed: a script that ignores storage can use it.
        var database = dataDirectory is null ? null : await CliEngine.PrepareDataDirectoryAsync(services, dataDirectory, error, cancellationToken).ConfigureAwait(false);
        var prepared = dataDirectory is null || database is not null;
        var report = services.Scan(new HostRoot(rootPath));
        // Compared only with a data directory that holds what the applied steps stand on: --no-save compares nothing.
        var drift = database is not null ? await DriftAsync(database, report, error, cancellationToken).ConfigureAwait(false) : null;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ScanDocumentMapper.Map(report, drift), CliJsonContext.Output.ScanDocument)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(ScanTextRenderer.Render(report, drift)).ConfigureAwait(false);
        }

        if (dataDirectory is null) return ExitCodes.Success;
        if (!prepared)
        {
            await error.WriteLineAsync($"The scan could not be stored in the data directory '{dataDirectory}' (see above; use --data DIR, or --no-save).").ConfigureAwait(false);
            return ExitCodes.DataDirectoryUnusable;
        }
        var save = services.SaveProfile;
        return await SaveAsync(save, database!, report, json ? error : output, error, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Core.Drift.HostDrift?> DriftAsync(Data.DatabaseLocation database, ScanReport report, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var planned = await Data.ProfileWriter.ReadPlannedDevicesAsync(database, report.HostName, cancellationToken).ConfigureAwait(false);
            return Core.Drift.DriftDetector.Detect(planned, report);
        }
        catch (System.Data.Common.DbException e)
        {
            await error.WriteLineAsync($"The scan could not be compared with what the applied steps stand on: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<int> SaveAsync(
        Func<Data.DatabaseLocation, ScanReport, CancellationToken, Task> save, Data.DatabaseLocation database, ScanReport report, TextWriter info, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await save(database, report, cancellationToken).ConfigureAwait(false);
        }
        catch (Data.DatabaseUnavailableException e)
        {
            await error.WriteLineAsync($"The scan could not be stored: {e.Message}").ConfigureAwait(false);
            return ExitCodes.DataDirectoryUnusable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"The scan could not be stored in the data directory '{database.DataDirectory}': {e.Message} (use --data DIR, or --no-save).").ConfigureAwait(false);
            return ExitCodes.DataDirectoryUnusable;
        }
        // The data directory as before on SQLite (scripts read this line); the server's database otherwise.
        var where = database.Provider == Data.DatabaseProvider.Sqlite ? database.DataDirectory : database.Name;
        await info.WriteLineAsync($"Stored as a hardware profile of {report.HostName} in {where}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
