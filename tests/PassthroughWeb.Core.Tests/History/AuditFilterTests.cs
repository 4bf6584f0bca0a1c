using PassthroughWeb.Core.History;

namespace PassthroughWeb.Core.Tests.History;

public sealed class AuditFilterTests
{
    [Fact]
    public void TryParse_EveryWord_ReadsEachCriterion()
    {
        Assert.True(AuditFilter.TryParse("workstation", "ISOLATE", "olivia", "rolled-back", "2026-12-01", "2026-12-07", out var filter, out var problems), string.Join(' ', problems));

        Assert.Equal("workstation", filter.Host);
        Assert.Equal("isolate", filter.Step);
        Assert.Equal("olivia", filter.User);
        Assert.Equal(AuditOutcome.RolledBack, filter.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), filter.From);
        // A day in "to" includes that day: the range ends at the next midnight.
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Fact]
    public void TryParse_NothingGiven_IsTheEmptyFilter()
    {
        Assert.True(AuditFilter.TryParse(null, "", " ", null, null, null, out var filter, out _));
        Assert.True(filter.IsEmpty);
    }

    [Fact]
    public void TryParse_AnInstantWithItsOffset_IsReadAsUtc()
    {
        Assert.True(AuditFilter.TryParse(null, null, null, null, "2026-12-01T10:00:00+02:00", null, out var filter, out _));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), filter.From);
    }

    [Fact]
    public void TryParse_SeveralBadWords_ReportsEveryProblemAtOnce()
    {
        Assert.False(AuditFilter.TryParse(null, "bios", null, "ok", "yesterday", "2026-12-01T08:00:00", out _, out var problems));

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("step 'bios' is not a step: use host, isolate, vm, guest.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("outcome 'ok' is not an outcome", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("from 'yesterday' is not a time", StringComparison.Ordinal));
        // A time without its offset would mean the server's zone, which the reader cannot see.
        Assert.Contains(problems, p => p.StartsWith("to '2026-12-01T08:00:00' is not a time", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_FromAfterTo_IsAProblem()
    {
        Assert.False(AuditFilter.TryParse(null, null, null, null, "2026-12-07", "2026-12-01", out _, out var problems));
        Assert.Equal("from (2026-12-07 00:00:00Z) must be before to (2026-12-02 00:00:00Z).", Assert.Single(problems));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-07")]
    [InlineData("2026-12-01T08:30:00Z", "2026-12-01T09:00:00.5Z")]
    public void ToQuery_ReadBackByTryParse_GivesTheSameFilter(string from, string to)
    {
        Assert.True(AuditFilter.TryParse("gpu-node-017", "vm", "alice", "failed", from, to, out var filter, out _));
        var words = filter.ToQuery().ToDictionary(p => p.Key, p => p.Value);

        Assert.True(AuditFilter.TryParse(words["host"], words["step"], words["user"], words["outcome"], words["from"], words["to"], out var again, out var problems), string.Join(' ', problems));
        Assert.Equal(filter, again);
    }
}
