using System.Globalization;
using PassthroughWeb.Cli.Json;

namespace PassthroughWeb.Cli;

/// <summary>
/// An imported profile as <c>import</c> prints it: what was read, each card's verdict with its reasons, then what the
/// listing cannot show. Rendered from the JSON document, so a local import and one through the API print the same.
/// </summary>
public static class ImportTextRenderer
{
    public static string Render(ScanDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var import = document.Import ?? throw new ArgumentException("The document is not one of an imported host.", nameof(document));
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"Imported {document.Host.Name}{(import.SourceName is null ? "" : $" from {import.SourceName}")} ({FormatText(import.Format)}): " +
                    $"{document.Devices.Count} devices, {(document.Groups.Count == 0 ? "no IOMMU groups" : $"{document.Groups.Count} IOMMU groups")}, {document.Gpus.Count} graphics card{(document.Gpus.Count == 1 ? "" : "s")}.");
        w.WriteLine("A read-only profile: nothing can be planned, applied or rehearsed on it.");
        w.WriteLine();
        w.WriteLine($"GPUs ({document.Gpus.Count}), judged only from what the listing shows");
        if (document.Gpus.Count == 0) w.WriteLine("  The listing shows no display controller (PCI class 03xx).");
        foreach (var gpu in document.Gpus)
        {
            w.WriteLine($"  {gpu.Address}  {gpu.Name}  [{gpu.Verdict.ToUpperInvariant()}]");
            w.WriteLine($"    functions: {string.Join(", ", gpu.Functions)}");
            w.WriteLine($"    groups:    {(gpu.Groups.Count == 0 ? "unknown" : string.Join(", ", gpu.Groups))}");
            foreach (var reason in gpu.Reasons) w.WriteLine($"    - {reason}");
            if (gpu.GroupMates.Count > 0) w.WriteLine($"    shares its groups with: {string.Join(", ", gpu.GroupMates)}");
            foreach (var note in gpu.Notes) w.WriteLine($"    note: {note}");
        }
        w.WriteLine();
        w.WriteLine("What an import cannot know");
        foreach (var unknown in import.Unknowns) w.WriteLine($"  - {unknown}");
        if (import.Problems.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Lines of the listing that could not be read whole ({import.Problems.Count})");
            foreach (var problem in import.Problems) w.WriteLine($"  - {problem}");
        }
        return w.ToString();
    }

    public static string FormatText(string format) => format switch
    {
        "iommu-groups" => "IOMMU groups, the guide's loop",
        "lspci-nnk" => "lspci -nnk, no IOMMU groups",
        _ => "lspci -nn, no IOMMU groups, no drivers",
    };
}
