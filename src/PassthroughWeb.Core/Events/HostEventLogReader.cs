namespace PassthroughWeb.Core.Events;

/// <summary>
/// Follows a <see cref="HostEventLog"/>: each <see cref="ReadNew"/> returns the complete lines appended since the last
/// call by processes other than this one, as events. A line still being written (no line break yet) waits for the next
/// call; a line that is not a host event (garbage, a type from a newer version) is skipped. Not thread-safe: one
/// poller owns it.
/// </summary>
public sealed class HostEventLogReader
{
    private readonly HostEventLog _log;
    private readonly string _ownOrigin;

    // Every generation followed, with how far it was read. Older generations stay followed while they exist: a writer
    // that chose one just before another started the next may still append a line to it.
    private readonly SortedDictionary<int, long> _positions;

    // Generations older than the one the reader opened on hold lines from before it: never read.
    private readonly int _firstGeneration;

    internal HostEventLogReader(HostEventLog log, string ownOrigin, SortedDictionary<int, long> positions)
    {
        _log = log;
        _ownOrigin = ownOrigin;
        _positions = positions;
        _firstGeneration = positions.Count > 0 ? positions.Keys.First() : 1;
    }

    /// <summary>How many lines were skipped because they were not host events.</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The events other processes appended since the last call, in the order they were appended.</summary>
    public IReadOnlyList<HostEvent> ReadNew()
    {
        var events = new List<HostEvent>();
        var existing = _log.Generations();
        foreach (var gone in _positions.Keys.Except(existing).ToList()) _positions.Remove(gone);
        foreach (var generation in existing.Where(g => g >= _firstGeneration))
        {
            var position = _positions.GetValueOrDefault(generation);
            _positions[generation] = ReadFrom(generation, position, events);
        }
        return events;
    }

    /// <summary>Polls every <paramref name="interval"/> and publishes what other processes appended, until cancelled.</summary>
    public async Task FollowAsync(IHostEventPublisher target, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                foreach (var hostEvent in ReadNew()) target.Publish(hostEvent);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling is how the owner stops following.
        }
    }

    private long ReadFrom(int generation, long position, List<HostEvent> events)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(_log.PathOf(generation), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
            });
            if (file.Length <= position) return position;
            file.Position = position;
            bytes = new byte[file.Length - position];
            file.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            return position;
        }
        var consumed = 0;
        while (true)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', consumed);
            if (end < 0) break;
            var line = bytes.AsSpan(consumed, end - consumed);
            consumed = end + 1;
            if (line.IsEmpty) continue;
            var hostEvent = HostEventJson.Deserialize(line);
            if (hostEvent is null)
            {
                SkippedLines++;
                continue;
            }
            if (!string.Equals(hostEvent.Origin, _ownOrigin, StringComparison.Ordinal)) events.Add(hostEvent);
        }
        return position + consumed;
    }
}
