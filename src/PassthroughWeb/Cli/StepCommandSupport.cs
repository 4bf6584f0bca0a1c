using System.CommandLine;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Requests;

namespace PassthroughWeb.Cli;

/// <summary>What plan, apply, verify, rollback and history share: their options, the host they act on, and the step service.</summary>
internal static class StepCommandSupport
{
    public static Option<string> Gpu() => new("--gpu")
    {
        Description = "The card to pass through, by PCI address (0000:07:00.0 or 07:00.0), as `scan` lists it.",
        HelpName = "ADDR",
        Required = true,
    };

    /// <summary><c>--gpu</c> of plan and apply: step 2 alone does not need a card, step 3 and the VM step do.</summary>
    public static Option<string?> OptionalGpu() => new("--gpu")
    {
        Description = "The card to pass through, by PCI address (0000:07:00.0 or 07:00.0), as `scan` lists it. Needed by isolate (step 3) and vm (step 4); host (step 2) alone works without it.",
        HelpName = "ADDR",
    };

    /// <summary>The message when a step that needs a card is given none.</summary>
    public static string GpuNeededFor(string steps) => StepRequestReader.GpuNeededFor(steps, StepRequestWords.CommandLine);

    public static Option<string> Steps(bool required = true) => new("--steps")
    {
        Description = "host (step 2: the IOMMU on the kernel command line), isolate (step 3: the card on vfio-pci), or host,isolate (both, one reboot).",
        HelpName = "STEPS",
        Required = required,
    };

    public static Option<bool> SingleGpu() => new("--single-gpu")
    {
        Description = "Single-GPU mode: allow isolating the boot display or the only GPU. The host has no display while the VM runs; reach it over the network.",
    };

    public static Option<string[]> Extra() => new("--extra")
    {
        Description = "An optional kernel parameter of step 2: video=efifb:off or initcall_blacklist=sysfb_init (the card is the boot GPU: both are added), pcie_acs_override (only on a kernel with the patch). Repeat for several.",
        HelpName = "PARAM",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as JSON (the contract in docs/cli.md) and nothing else on stdout." };

    /// <summary>The options of a verb that needs a card, read into a request; null and a message on bad input.</summary>
    public static (PciAddress Gpu, IReadOnlyList<HostStep> Steps, StepPlanOptions Options)? ReadRequest(string gpuText, string stepsText, bool singleGpu, string[]? extras, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(gpuText);
        return ReadPlanRequest(gpuText, stepsText, singleGpu, extras, out problem) is { } request ? (request.Gpu!.Value, request.Steps, request.Options) : null;
    }

    /// <summary>The options of plan and apply, read into a request (no card for step 2 alone); null and a message on bad input.</summary>
    public static (PciAddress? Gpu, IReadOnlyList<HostStep> Steps, StepPlanOptions Options)? ReadPlanRequest(string? gpuText, string stepsText, bool singleGpu, string[]? extras, out string? problem) =>
        StepRequestReader.ReadHostSteps(gpuText, stepsText, singleGpu, extras, StepRequestWords.CommandLine, out problem);

    /// <summary>A card's address as <c>--gpu</c> takes it (the domain may be left out); null and a message when it is not one.</summary>
    public static PciAddress? ReadGpu(string gpuText, out string? problem) => StepRequestReader.ReadGpu(gpuText, out problem);

    /// <summary>The host at a root, named as its scan names it; only the name is read (the verbs that need a scan make their own).</summary>
    public static StepHost HostAt(string rootPath)
    {
        var root = new HostRoot(rootPath);
        return new StepHost { Name = HostScanner.ReadHostName(root), Root = root.Path };
    }

    /// <summary>
    /// Creates and migrates the verb's database (the data directory's SQLite file, or PostgreSQL when
    /// <see cref="CommonOptions.DatabaseEnvironmentVariable"/> names one); null after saying why it cannot be used (a
    /// waiter for another process's migration hears why it waits). The one place the CLI turns database failures into words.
    /// </summary>
    public static async Task<DatabaseLocation?> OpenDatabaseAsync(CliServices services, string dataDirectory, TextWriter error, CancellationToken ct)
    {
        DatabaseLocation database;
        try
        {
            database = CommonOptions.ResolveDatabase(dataDirectory, option: null, services);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{CommonOptions.DatabaseEnvironmentVariable}: {e.Message}").ConfigureAwait(false);
            return null;
        }
        try
        {
            await PassthroughDatabase.EnsureMigratedAsync(database, ct, message => error.WriteLine(message)).ConfigureAwait(false);
        }
        catch (DatabaseUnavailableException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"The data directory '{dataDirectory}' cannot be used: {e.Message} (use --data DIR).").ConfigureAwait(false);
            return null;
        }
        return database;
    }

    public static async Task<bool> CheckRootAsync(string rootPath, TextWriter error)
    {
        if (Directory.Exists(rootPath)) return true;
        await error.WriteLineAsync($"The host root '{rootPath}' does not exist or is not a directory. Give --root a directory that holds the host's sys/, proc/ and etc/ (default /).").ConfigureAwait(false);
        return false;
    }
}
