using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Records an event of a host's history ("rehearsal", "step-marked-done" …). The operations that call it have checked
/// the actor's role; the user is that actor's name.
/// </summary>
public sealed class HistoryRecorder(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time)
{
    public async Task<int> RecordEventAsync(string hostName, string kind, string summary, bool? passed, string user, CancellationToken ct, Guid? changeSetId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await using var db = await databases.CreateDbContextAsync(ct);
        return await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord { HostName = hostName, Kind = kind, At = time.GetUtcNow(), User = user, Passed = passed, Summary = summary, ChangeSetId = changeSetId }, ct);
    }
}
