using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb import --name NAME FILE [--url URL --token TOKEN]</c>: keeps a listing of a host without the app
/// (the guide's IOMMU group loop, <c>lspci -nnk</c>, <c>lspci -nn</c>) as a read-only profile with verdicts, in the
/// local data directory or, with <c>--url</c>, in a running app through its API.
/// </summary>
public static class ImportCommand
{
    /// <summary>How long <c>--url</c> waits for the app before saying it does not answer.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // A listing is text of at most ListingImporter.MaxCharacters; in UTF-8 a character takes at most 4 bytes.
    private const long MaxFileBytes = 4L * ListingImporter.MaxCharacters;

    public static Command Create(CliServices services)
    {
        var file = new Argument<string>("FILE") { Description = "The listing: a file holding the output of the guide's IOMMU group loop, lspci -nnk or lspci -nn; - reads stdin." };
        var name = new Option<string>("--name") { Description = "The name the host gets in the app (gpu-node-017): its page is /hosts/NAME.", HelpName = "NAME", Required = true };
        var url = new Option<string?>("--url") { Description = "Import into a running app at this address (http://127.0.0.1:5080) through its API, instead of into the local data directory.", HelpName = "URL" };
        var token = new Option<string?>("--token")
        {
            Description = "With --url: an Operator's access token (`PassthroughWeb token create`). Without it, the PASSTHROUGHWEB_TOKEN environment variable.",
            HelpName = "TOKEN",
        };
        var json = new Option<bool>("--json") { Description = "Print the imported profile as JSON (the scan --json contract, with \"import\" set) and nothing else on stdout." };
        var data = CommonOptions.Data();
        var command = new Command("import", "Keep a listing of a host that does not run the app (the guide's IOMMU group loop, lspci -nnk or lspci -nn) as a read-only profile, and judge its GPUs from what the listing shows.")
        {
            file, name, url, token, json, data,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var hostName = parseResult.GetValue(name)!.Trim();
            if (ListingImporter.CheckHostName(hostName) is { } badName)
            {
                await error.WriteLineAsync(badName).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var path = parseResult.GetValue(file)!;
            var (listing, problem) = await ReadListingAsync(path, services, ct).ConfigureAwait(false);
            if (listing is null)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var sourceName = path == "-" ? null : Path.GetFileName(path);
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(url) is { } address)
                return await ImportThroughApiAsync(address, parseResult.GetValue(token) ?? services.GetEnvironmentVariable("PASSTHROUGHWEB_TOKEN"), hostName, listing, sourceName, asJson, output, error, ct).ConfigureAwait(false);
            if (parseResult.GetValue(token) is not null)
            {
                await error.WriteLineAsync("--token is for --url: a local import writes the data directory directly.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var result = await engine.Get<ImportOperation>().ImportAsync(hostName, listing, sourceName, services.Actor, ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Message).ConfigureAwait(false);
                return ExitCodeOf(result.Outcome);
            }
            await WriteAsync(ScanDocumentMapper.Map(result.Report!), asJson, output).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static int ExitCodeOf(HostImportOutcome outcome) => outcome switch
    {
        HostImportOutcome.Imported => ExitCodes.Success,
        HostImportOutcome.NotAllowed => ExitCodes.NotAllowed,
        _ => ExitCodes.Refused,
    };

    /// <summary>The file's text, or null and why: a missing file, or one far larger than any listing (not read whole).</summary>
    private static async Task<(string? Text, string? Problem)> ReadListingAsync(string path, CliServices services, CancellationToken ct)
    {
        if (path == "-")
        {
            var buffer = new char[ListingImporter.MaxCharacters + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await services.StandardInput.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0) length += read;
            return length > ListingImporter.MaxCharacters
                ? (null, $"stdin holds more than {ListingImporter.MaxCharacters:N0} characters: that is not a listing. Pipe in the output of one command.")
                : (new string(buffer, 0, length), null);
        }
        var info = new FileInfo(path);
        if (!info.Exists) return (null, $"'{path}' does not exist or is not a file: give the file holding the listing (or - for stdin).");
        if (info.Length > MaxFileBytes)
            return (null, $"'{path}' is {info.Length:N0} bytes: far larger than any listing (a 500-device server's is under 100 KB). Give the output of one command.");
        try
        {
            return (await File.ReadAllTextAsync(path, Encoding.UTF8, ct).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"'{path}' could not be read: {e.Message}");
        }
    }

    private static async Task<int> ImportThroughApiAsync(string address, string? token, string hostName, string listing, string? sourceName, bool asJson, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var api = await AppApiClient.CreateAsync(address, token, "import --url sends the listing to an app", "an Operator's access token", RequestTimeout, error).ConfigureAwait(false);
        if (api is null) return ExitCodes.UsageError;
        using var content = JsonContent(listing, sourceName);
        var (body, exitCode) = await api.SendAsync(HttpMethod.Post, $"api/hosts/{Uri.EscapeDataString(hostName)}/import", content, "Nothing was imported: ", ct).ConfigureAwait(false);
        if (body is null) return exitCode;
        var document = JsonSerializer.Deserialize(body, CliJsonContext.Output.ScanDocument);
        if (document is null)
        {
            await error.WriteLineAsync($"{api.BaseUri} answered 200 without a profile: is it a PassthroughWeb app?").ConfigureAwait(false);
            return ExitCodes.AppUnreachable;
        }
        await WriteAsync(document, asJson, output).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The API's JSON body: the listing and the file's name (a text/plain body could not carry the name).</summary>
    private static ByteArrayContent JsonContent(string listing, string? sourceName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("listing", listing);
            if (sourceName is not null) writer.WriteString("sourceName", sourceName);
            writer.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>The imported profile as JSON, or as text: the verdicts, then what the listing cannot show.</summary>
    private static async Task WriteAsync(ScanDocument document, bool asJson, TextWriter output)
    {
        if (asJson)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(document, CliJsonContext.Output.ScanDocument)).ConfigureAwait(false);
            return;
        }
        await output.WriteAsync(ImportTextRenderer.Render(document)).ConfigureAwait(false);
    }
}
