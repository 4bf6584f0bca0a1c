using System.Text.Json;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services.Plans;

/// <summary>
/// The plans users were shown, one file each in the data directory's <c>plans/</c> (<c>&lt;id&gt;.json</c>, 0600 in a
/// 0700 directory), so that <c>plan</c> in one process and <c>apply --plan-id</c> in a later one, or the page that
/// showed a plan and the request that applies it, agree on what was shown. A record is kept for
/// <see cref="Retention"/>; saving prunes older ones.
/// </summary>
public sealed class ShownPlans
{
    /// <summary>How long a shown plan can be applied by its id: long enough for a plan reviewed over a weekend.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public const string DirectoryName = "plans";

    private readonly TimeProvider _time;

    public ShownPlans(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), DirectoryName);
        _time = time;
    }

    /// <summary>The machine path of <c>plans/</c> in the data directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// Records that <paramref name="identity"/> was shown to <paramref name="user"/> now, replacing an earlier record of
    /// the same plan (showing it again keeps it for another <see cref="Retention"/>), and removes expired records.
    /// Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the data directory is not writable.
    /// </summary>
    public async Task<ShownPlan> SaveAsync(PlanIdentity identity, string? user, CancellationToken ct, ShownPlanRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!PlanIdentity.IsWellFormedId(identity.Id)) throw new ArgumentException($"'{identity.Id}' is not a plan id.", nameof(identity));
        var shown = new ShownPlan { Identity = identity, ShownAt = _time.GetUtcNow(), ShownTo = user, Request = request };
        Configuration.PrivateDataFiles.EnsureDirectory(Directory);
        await Configuration.PrivateDataFiles.WriteAtomicallyAsync(PathOf(identity.Id),
            JsonSerializer.SerializeToUtf8Bytes(shown, ShownPlansJsonContext.Default.ShownPlan), ct).ConfigureAwait(false);
        Prune(shown.ShownAt);
        return shown;
    }

    /// <summary>
    /// The plan shown under <paramref name="id"/>; null when no plan of that id was shown (or it was shown longer than
    /// <see cref="Retention"/> ago), and for text that is not a plan id at all, which is never used as a file name.
    /// </summary>
    public async Task<ShownPlan?> FindAsync(string? id, CancellationToken ct)
    {
        if (!PlanIdentity.IsWellFormedId(id)) return null;
        var shown = await ReadAsync(PathOf(id!), ct).ConfigureAwait(false);
        if (shown is null || shown.Id != id || IsExpired(shown.ShownAt, _time.GetUtcNow())) return null;
        return shown;
    }

    private string PathOf(string id) => Path.Combine(Directory, id + ".json");

    private static bool IsExpired(DateTimeOffset shownAt, DateTimeOffset now) => now - shownAt > Retention;

    private static async Task<ShownPlan?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(file, ShownPlansJsonContext.Default.ShownPlan, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // Cut short by a full disk or edited by hand: not a plan anyone can be held to.
            return null;
        }
    }

    /// <summary>
    /// Removes records shown before the retention, and files a reader cannot use (a crash's temporary file, a
    /// damaged record) once they are as old, judged by their write time.
    /// </summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            DateTimeOffset written;
            try
            {
                written = File.GetLastWriteTimeUtc(path);
                if (path.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var file = File.OpenRead(path);
                    if (JsonSerializer.Deserialize(file, ShownPlansJsonContext.Default.ShownPlan) is { } shown) written = shown.ShownAt;
                }
            }
            catch (IOException)
            {
                continue;
            }
            catch (JsonException)
            {
                written = File.GetLastWriteTimeUtc(path);
            }
            if (IsExpired(written, now)) Configuration.PrivateDataFiles.TryDelete(path);
        }
    }
}
