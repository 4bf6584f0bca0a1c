using PassthroughWeb.Core.Events;
using PassthroughWeb.Services;

namespace PassthroughWeb.Web.Live;

/// <summary>
/// Brings what other processes on the same data directory do (a CLI apply, a rollback from a terminal) into this app's
/// feed: it follows the data directory's event log every quarter second, well within the 2 s a page may lag behind.
/// </summary>
public sealed class HostEventLogFollower(HostEventFeed feed, EngineOptions engine, TimeProvider time, ILogger<HostEventLogFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // From the end: what happened before this start is in the history, and the feed's snapshot starts empty.
        var reader = HostEventLog.InDataDirectory(engine.DataDirectory).OpenReader(feed.Origin);
        logger.LogInformation("Following the event log of {DataDirectory} for changes made by other processes", engine.DataDirectory);
        try
        {
            await reader.FollowAsync(feed, Interval, time, stoppingToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The app goes on without it: only the changes of other processes stop arriving live, so say which.
            logger.LogError(e, "Stopped following the event log of {DataDirectory}: changes made by the CLI or other processes no longer appear live until a restart", engine.DataDirectory);
        }
    }
}
