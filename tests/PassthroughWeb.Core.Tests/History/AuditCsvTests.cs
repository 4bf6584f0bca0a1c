using System.Text;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Core.Tests.History;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("workstation", "workstation")]
    [InlineData("", "")]
    [InlineData("host,isolate", "\"host,isolate\"")]
    [InlineData("the \"quiet\" flag", "\"the \"\"quiet\"\" flag\"")]
    [InlineData("line one\nline two", "\"line one\nline two\"")]
    [InlineData("line one\r\nline two", "\"line one\r\nline two\"")]
    public void Field_QuotesOnlyWhatRfc4180Requires(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("a=b", "a=b")]
    public void Field_TextASpreadsheetWouldRunAsAFormula_GetsALeadingApostrophe(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Fact]
    public async Task WriteAsync_HeaderThenOneCrlfRecordPerEntry_InTheOrderGiven()
    {
        var set = Guid.Parse("6f1c2a9e-3b1d-4c55-9a0e-2f7d8c1b4e01");
        var entries = new[]
        {
            Entry("change-set", AuditOutcome.Failed, "Steps host,isolate: IOMMU on. Failed: update-initramfs exited with 1.", set, ["host", "isolate"]),
            Entry("=cmd()", AuditOutcome.Recorded, "VM shutdown requested, \"win11\".", null, []),
        };
        using var output = new MemoryStream();

        await AuditCsv.WriteAsync(entries.ToAsyncEnumerable(), output, TestContext.Current.CancellationToken);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(
            "at,host,what,steps,user,outcome,summary,id,changeSetId\r\n" +
            $"2026-12-01T08:30:00.000Z,workstation,change-set,\"host,isolate\",olivia,failed,\"Steps host,isolate: IOMMU on. Failed: update-initramfs exited with 1.\",7,{set}\r\n" +
            "2026-12-01T08:30:00.000Z,workstation,'=cmd(),,olivia,recorded,\"VM shutdown requested, \"\"win11\"\".\",7,\r\n",
            text);
    }

    private static AuditEntry Entry(string what, AuditOutcome outcome, string summary, Guid? set, IReadOnlyList<string> steps) => new()
    {
        Kind = AuditEntryKind.Event, Id = "7", Key = 7, At = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), Host = "workstation",
        What = what, Steps = steps, User = "olivia", Outcome = outcome, Summary = summary, ChangeSetId = set,
    };
}
