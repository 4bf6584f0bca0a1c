using Microsoft.AspNetCore.WebUtilities;
using PassthroughWeb.Components.History;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Tests.Components.History;

public sealed class HistoryLinksTests
{
    [Fact]
    public void Filtered_ReadBackAsTheDoorsReadIt_GivesTheSameViewAgain()
    {
        Assert.True(AuditFilter.TryParse("render 03", "isolate", "olivia", "failed", "2026-12-01", "2026-12-07", out var filter, out _));
        var after = new AuditCursor(639003050000000000, AuditEntryKind.Event, 12);
        var set = Guid.Parse("6f1c2a9e-3b1d-4c55-9a0e-2f7d8c1b4e01");

        var link = HistoryLinks.Filtered(filter, after, set);

        Assert.StartsWith("history?host=render%2003&step=isolate&user=olivia&outcome=failed&from=2026-12-01&to=2026-12-07&after=", link, StringComparison.Ordinal);
        var words = QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.True(AuditFilter.TryParse(words["host"], words["step"], words["user"], words["outcome"], words["from"], words["to"], out var again, out _));
        Assert.Equal(filter, again);
        Assert.True(AuditCursor.TryParse(words["after"], out var cursor));
        Assert.Equal(after, cursor);
        Assert.Equal(set.ToString("D"), words["set"].ToString());
    }

    [Fact]
    public void Export_CarriesTheFilterButNotThePage() =>
        Assert.Equal("api/history/export.csv?outcome=rolled-back", HistoryLinks.Export(new AuditFilter { Outcome = AuditOutcome.RolledBack }, "csv"));
}
