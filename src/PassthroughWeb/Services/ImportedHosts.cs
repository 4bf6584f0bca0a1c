namespace PassthroughWeb.Services;

/// <summary>What every operation that would act on a host says when the host was imported: one message, one place.</summary>
public static class ImportedHosts
{
    public static string ReadOnly(string hostName) =>
        $"{hostName} was imported from a listing: it is a read-only profile, with no files this app can read or change. " +
        "Nothing can be scanned, planned, applied, rehearsed, verified or rolled back on it. Install PassthroughWeb on that host (or run its agent) to go on.";
}
