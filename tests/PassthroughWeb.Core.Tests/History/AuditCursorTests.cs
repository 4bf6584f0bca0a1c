using PassthroughWeb.Core.History;

namespace PassthroughWeb.Core.Tests.History;

public sealed class AuditCursorTests
{
    [Theory]
    [InlineData(AuditEntryKind.ChangeSet, "639003050000000000-s-42")]
    [InlineData(AuditEntryKind.Event, "639003050000000000-e-42")]
    public void ToString_ReadBackByTryParse_IsTheSameCursor(AuditEntryKind kind, string text)
    {
        var cursor = new AuditCursor(639003050000000000, kind, 42);

        Assert.Equal(text, cursor.ToString());
        Assert.True(AuditCursor.TryParse(text, out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("639003050000000000-x-42")]
    [InlineData("639003050000000000-s")]
    [InlineData("-5-s-42")]
    [InlineData("99999999999999999999-s-1")]
    [InlineData("abc-e-1")]
    public void TryParse_NotACursor_IsRefused(string text) => Assert.False(AuditCursor.TryParse(text, out _));

    [Fact]
    public void Compare_SameInstant_ChangeSetsComeBeforeEventsThenByKey()
    {
        var at = 639003050000000000L;
        var newestFirst = new[] { new AuditCursor(at, AuditEntryKind.Event, 1), new AuditCursor(at, AuditEntryKind.ChangeSet, 2), new AuditCursor(at, AuditEntryKind.ChangeSet, 3), new AuditCursor(at - 1, AuditEntryKind.ChangeSet, 9) }
            .OrderByDescending(c => c, Comparer<AuditCursor>.Create(AuditCursor.Compare)).ToList();

        Assert.Equal(
            [new AuditCursor(at, AuditEntryKind.ChangeSet, 3), new AuditCursor(at, AuditEntryKind.ChangeSet, 2), new AuditCursor(at, AuditEntryKind.Event, 1), new AuditCursor(at - 1, AuditEntryKind.ChangeSet, 9)],
            newestFirst);
    }
}
