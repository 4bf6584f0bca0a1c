using PassthroughWeb.Core.Testing;

namespace PassthroughWeb.Core.Tests.Testing;

public sealed class CrashPointsTests
{
    [Fact]
    public void Reach_VariableUnset_ReturnsAtOnceForEveryPoint()
    {
        Assert.Null(Environment.GetEnvironmentVariable(CrashPoints.EnvironmentVariable));
        Assert.False(CrashPoints.IsArmed);

        foreach (var point in CrashPoints.All) CrashPoints.Reach(point);
    }

    [Theory]
    [InlineData("apply.file-written", "apply.file-written", 1)]
    [InlineData("apply.file-written:3", "apply.file-written", 3)]
    [InlineData(" migration.locked ", "migration.locked", 1)]
    public void Parse_NameOrNameAndCount_ArmsThatPoint(string value, string name, int occurrence)
    {
        var point = CrashPoints.Parse(value);

        Assert.Equal(new CrashPoints.CrashPoint(name, occurrence), point);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_NothingSet_ArmsNothing(string? value) => Assert.Null(CrashPoints.Parse(value));

    [Theory]
    [InlineData("apply.file-writen")]
    [InlineData("apply.file-written:0")]
    [InlineData("apply.file-written:-1")]
    [InlineData("apply.file-written:two")]
    [InlineData("apply.file-written:1:2")]
    public void Parse_NoSuchPointOrBadCount_RefusedNamingThePoints(string value)
    {
        var refused = Assert.Throws<ArgumentException>(() => CrashPoints.Parse(value));

        Assert.Contains(CrashPoints.EnvironmentVariable, refused.Message, StringComparison.Ordinal);
        Assert.Contains(CrashPoints.FileWritten, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_NamesAreDistinct() => Assert.Equal(CrashPoints.All.Count, CrashPoints.All.Distinct(StringComparer.Ordinal).Count());
}
