using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Import;

/// <summary>An import: the report built from the listing, or why there is none.</summary>
public sealed record ListingImportResult
{
    private ListingImportResult(ScanReport? report, ListingImportError? error)
    {
        Report = report;
        Error = error;
    }

    /// <summary>The imported host as a scan report, its <see cref="ScanReport.Import"/> set; null when refused.</summary>
    public ScanReport? Report { get; }

    public ListingImportError? Error { get; }

    public static ListingImportResult Imported(ScanReport report) => new(report, null);

    public static ListingImportResult Refused(string message) => new(null, new ListingImportError(message));
}
