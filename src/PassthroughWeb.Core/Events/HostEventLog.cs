using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Events;

/// <summary>
/// The feed between processes on one data directory (the web app, a CLI apply, later the agent): an append-only file
/// of JSON lines in <c>&lt;data&gt;/events</c> (directory 0700, files 0600). Each process appends its own events, one
/// line per write(2) on a file opened with O_APPEND, so lines from different processes never overwrite each other;
/// each reads the others' with a <see cref="HostEventLogReader"/>.
/// The file is kept bounded in generations: <c>feed-000001.jsonl</c>, <c>feed-000002.jsonl</c> …. The writer that
/// finds the newest generation at or over <see cref="MaxBytes"/> starts the next one and deletes all but the one
/// before it, so at most about twice the limit is kept and a reader that polls every few seconds never loses lines.
/// </summary>
public sealed class HostEventLog
{
    /// <summary>The default size at which the next writer starts a new generation: 16 MiB.</summary>
    public const long DefaultMaxBytes = 16 * 1024 * 1024;

    private const string Prefix = "feed-";
    private const string Extension = ".jsonl";

    /// <param name="directory">The log's own directory, e.g. <c>&lt;data&gt;/events</c>; created 0700 when missing.</param>
    public HostEventLog(string directory, long maxBytes = DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The event log uses Linux's O_APPEND writes.");
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        System.IO.Directory.CreateDirectory(Directory, ownerOnly);
        File.SetUnixFileMode(Directory, ownerOnly);
    }

    /// <summary>The log for a data directory: <c>&lt;data&gt;/events</c>.</summary>
    public static HostEventLog InDataDirectory(string dataDirectory, long maxBytes = DefaultMaxBytes) =>
        new(Path.Combine(dataDirectory, "events"), maxBytes);

    public string Directory { get; }

    public long MaxBytes { get; }

    /// <summary>Appends one event as one line. False (and nothing thrown) when the file could not be written.</summary>
    public bool TryAppend(HostEvent hostEvent)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        byte[] line = [.. HostEventJson.SerializeToUtf8Bytes(hostEvent), (byte)'\n'];
        try
        {
            // Once more on ENOENT: another writer may have deleted the generation between the listing and the open.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var (generation, create) = GenerationToWrite();
                var errno = LibC.Append(PathOf(generation), line, create);
                if (errno == 0) return true;
                if (errno != LibC.NoSuchFile) return false;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// A reader of the lines other processes append from now on (or, with <paramref name="fromStart"/>, from the
    /// oldest line kept), skipping the events of <paramref name="ownOrigin"/>.
    /// </summary>
    public HostEventLogReader OpenReader(string ownOrigin, bool fromStart = false)
    {
        ArgumentNullException.ThrowIfNull(ownOrigin);
        var generations = Generations();
        var positions = new SortedDictionary<int, long>();
        if (fromStart)
        {
            foreach (var generation in generations) positions[generation] = 0;
        }
        else if (generations.Count > 0)
        {
            positions[generations[^1]] = LengthOf(generations[^1]);
        }
        return new HostEventLogReader(this, ownOrigin, positions);
    }

    internal string PathOf(int generation) =>
        Path.Combine(Directory, Prefix + generation.ToString("D6", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The generations on disk, oldest first.</summary>
    internal List<int> Generations()
    {
        var generations = new List<int>();
        foreach (var name in LibC.ReadDirectoryNames(Directory) ?? [])
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal)) continue;
            if (int.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
                generations.Add(generation);
        }
        generations.Sort();
        return generations;
    }

    internal long LengthOf(int generation)
    {
        var file = new FileInfo(PathOf(generation));
        return file.Exists ? file.Length : 0;
    }

    private (int Generation, bool Create) GenerationToWrite()
    {
        var generations = Generations();
        if (generations.Count == 0) return (1, true);
        var newest = generations[^1];
        if (LengthOf(newest) < MaxBytes) return (newest, false);
        // Two writers may both start the next generation: O_CREAT without O_EXCL lets both append to the same new file.
        foreach (var old in generations.Where(g => g < newest)) File.Delete(PathOf(old));
        return (newest + 1, true);
    }
}
