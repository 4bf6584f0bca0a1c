namespace PassthroughWeb.Services.Access;

/// <summary>
/// Lockout for host-account names that have no user row yet (never signed in, or not host accounts at all): the same
/// rule as Identity's (<see cref="IdentityRegistration.MaxFailedSignIns"/> failures lock for
/// <see cref="IdentityRegistration.LockoutDuration"/>), kept in memory so that guessed names create no rows. Without
/// it the sign-in page would let anyone guess host passwords (SSH's, too) at PAM's pace.
/// </summary>
public sealed class HostSignInThrottle(TimeProvider time)
{
    // Bounds the memory a flood of made-up names can take; expired entries go first.
    private const int MaxNames = 10_000;
    private readonly Dictionary<string, (int Failures, DateTimeOffset LastFailure)> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool IsLockedOut(string name)
    {
        lock (_lock)
        {
            return _failures.TryGetValue(name, out var entry) && entry.Failures >= IdentityRegistration.MaxFailedSignIns
                && time.GetUtcNow() - entry.LastFailure < IdentityRegistration.LockoutDuration;
        }
    }

    /// <summary>Counts a failure; true when it locks the name.</summary>
    public bool Fail(string name)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_failures.Count >= MaxNames) Forget(now);
            var failures = _failures.TryGetValue(name, out var entry) && now - entry.LastFailure < IdentityRegistration.LockoutDuration ? entry.Failures + 1 : 1;
            _failures[name] = (failures, now);
            return failures >= IdentityRegistration.MaxFailedSignIns;
        }
    }

    public void Reset(string name)
    {
        lock (_lock) _failures.Remove(name);
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var stale in _failures.Where(f => now - f.Value.LastFailure >= IdentityRegistration.LockoutDuration).Select(f => f.Key).ToList())
            _failures.Remove(stale);
        if (_failures.Count < MaxNames) return;
        foreach (var oldest in _failures.OrderBy(f => f.Value.LastFailure).Take(MaxNames / 2).Select(f => f.Key).ToList())
            _failures.Remove(oldest);
    }
}
