using System.Text.Json;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// Pop!_OS's kernelstub keeps the command line in <c>/etc/kernelstub/configuration</c> (JSON, <c>user.kernel_options</c>)
/// and rewrites the boot entry from it on every kernel update; the file is changed through <c>kernelstub -a/-d</c>.
/// </summary>
public static class KernelstubConfig
{
    public const string Path = "/etc/kernelstub/configuration";

    /// <summary>The user's kernel options, or null with the reason the file could not be read.</summary>
    public static IReadOnlyList<string>? KernelOptions(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!document.RootElement.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
            {
                problem = $"{Path} has no \"user\" section.";
                return null;
            }
            if (!user.TryGetProperty("kernel_options", out var options)) return [];
            return options.ValueKind switch
            {
                // Old configs keep the options as one string.
                JsonValueKind.String => KernelCommandLine.Parse(options.GetString()).Parameters,
                JsonValueKind.Array => options.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String)
                    .SelectMany(e => KernelCommandLine.Parse(e.GetString()).Parameters).ToList(),
                _ => [],
            };
        }
        catch (JsonException e)
        {
            problem = $"{Path} is not valid JSON ({e.Message}).";
            return null;
        }
    }
}
