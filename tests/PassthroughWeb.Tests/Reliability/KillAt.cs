using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>Which host a kill must leave after recovery: the one before the change (or rollback), or the one after it.</summary>
internal enum HostState
{
    Old,
    New,
}

/// <summary>
/// When a run of the real executable is killed: at the <paramref name="Occurrence"/>-th passing of a named crash point
/// (<see cref="CrashPoints"/>), then with <paramref name="Expected"/> known, or after a delay, wherever the process is then.
/// </summary>
internal sealed record KillAt(string? Point, int Occurrence, TimeSpan Delay, HostState? Expected)
{
    public static KillAt Named(string point, int occurrence, HostState expected) => new(point, occurrence, TimeSpan.Zero, expected);

    public static KillAt After(TimeSpan delay) => new(null, 0, delay, null);

    /// <summary>The value of <see cref="CrashPoints.EnvironmentVariable"/> for a named point.</summary>
    public string Variable => $"{Point}:{Occurrence}";

    public override string ToString() => Point is null ? $"SIGKILL after {Delay.TotalMilliseconds:0} ms" : $"SIGKILL at {Variable}";
}
