using System.Globalization;

namespace PassthroughWeb.Services.Locking;

/// <summary>
/// The answer to a change of a host that is already being changed: who and what holds it since when, when the holder
/// said so (<see cref="Holder"/>), and a sentence for the user.
/// </summary>
public sealed record HostLockRefusal
{
    public required string Host { get; init; }

    /// <summary>The holder as it recorded itself; null when it did not (another tool's flock, or a holder just starting).</summary>
    public HostLockHolder? Holder { get; init; }

    /// <summary>"workstation is busy: alice is applying steps host,isolate (change set …) since 22:41:07 UTC; wait for it to finish".</summary>
    public required string Message { get; init; }

    internal static HostLockRefusal For(string host, HostLockHolder? holder, string lockPath, DateTimeOffset now)
    {
        if (holder is null)
        {
            return new HostLockRefusal
            {
                Host = host,
                Message = $"{host} is busy: another process holds its change lock ({lockPath}); wait for it to finish",
            };
        }
        var since = holder.Since.ToUniversalTime();
        var when = since.Date == now.ToUniversalTime().Date
            ? since.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var changeSet = holder.ChangeSetId is { } id && !holder.Activity.Contains(id.ToString(), StringComparison.Ordinal) ? $" (change set {id})" : "";
        return new HostLockRefusal
        {
            Host = host,
            Holder = holder,
            Message = $"{host} is busy: {holder.User} is {holder.Activity}{changeSet} since {when} UTC; wait for it to finish",
        };
    }
}
