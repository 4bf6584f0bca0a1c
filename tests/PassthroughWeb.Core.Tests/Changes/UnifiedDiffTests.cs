using System.Text;
using CsCheck;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class UnifiedDiffTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("unidiff-").FullName;
    private readonly ProcessCommandRunner _runner = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Render_OneValueChanged_ShowsOneHunkWithThreeLinesOfContext()
    {
        var before = "# comment\nGRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=Debian\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n\n#GRUB_BADRAM=0x1\n#GRUB_TERMINAL=console\n";
        var after = before.Replace("\"quiet\"", "\"quiet intel_iommu=on iommu=pt\"", StringComparison.Ordinal);

        var diff = UnifiedDiff.Render(new FileChange { Path = "/etc/default/grub", Before = before, After = after, Reason = "test" });

        Assert.Equal(
            "--- a/etc/default/grub\n" +
            "+++ b/etc/default/grub\n" +
            "@@ -2,7 +2,7 @@\n" +
            " GRUB_DEFAULT=0\n" +
            " GRUB_TIMEOUT=5\n" +
            " GRUB_DISTRIBUTOR=Debian\n" +
            "-GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n" +
            "+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"\n" +
            " GRUB_CMDLINE_LINUX=\"\"\n" +
            " \n" +
            " #GRUB_BADRAM=0x1\n", diff);
    }

    [Fact]
    public void Render_CreatedFile_IsDiffedAgainstDevNull()
    {
        var diff = UnifiedDiff.Render(new FileChange { Path = "/etc/kernel/cmdline", Before = null, After = "root=/dev/sda1 iommu=pt\n", Reason = "test" });

        Assert.Equal("--- /dev/null\n+++ b/etc/kernel/cmdline\n@@ -0,0 +1 @@\n+root=/dev/sda1 iommu=pt\n", diff);
    }

    [Fact]
    public void Render_LastLineWithoutNewline_SaysSoAfterTheLine()
    {
        var diff = UnifiedDiff.Render("/boot/refind_linux.conf", "\"Boot\" \"ro quiet\"", "\"Boot\" \"ro quiet iommu=pt\"");

        Assert.Equal(
            "--- a/boot/refind_linux.conf\n+++ b/boot/refind_linux.conf\n@@ -1 +1 @@\n" +
            "-\"Boot\" \"ro quiet\"\n\\ No newline at end of file\n" +
            "+\"Boot\" \"ro quiet iommu=pt\"\n\\ No newline at end of file\n", diff);
    }

    [Fact]
    public void Render_SameContent_IsEmpty()
    {
        Assert.Equal("", UnifiedDiff.Render("/etc/x", "a\nb\n", "a\nb\n"));
    }

    [Fact]
    public async Task Render_RandomEditsOfDistinctLines_EqualsGnuDiffByteForByte()
    {
        // With every line distinct there is exactly one shortest edit, so any difference from diff -u is ours.
        await DistinctLineEdits.SampleAsync(async pair =>
        {
            var gnu = await GnuDiffAsync(pair.Before, pair.After);
            Assert.Equal(gnu, UnifiedDiff.Render("/f", pair.Before, pair.After));
        }, iter: 150, threads: 1);
    }

    [Fact]
    public async Task Render_RandomFilesOfRepeatedLines_PatchRecreatesAfterWithNoMoreChangesThanGnuDiff()
    {
        await RepeatedLineFiles.SampleAsync(async pair =>
        {
            var ours = UnifiedDiff.Render("/f", pair.Before, pair.After);
            Assert.Equal(pair.After, await PatchAsync(pair.Before, ours));
            var gnu = await GnuDiffAsync(pair.Before, pair.After, "--minimal");
            Assert.True(ChangedLines(ours) <= ChangedLines(gnu), $"ours:\n{ours}\ndiff -u --minimal:\n{gnu}");
        }, iter: 150, threads: 1);
    }

    [Theory]
    [InlineData("a\n\nb\n", "a\n\n\nb\n")]
    [InlineData("x\ny\nx\ny\nz\n", "x\ny\nz\n")]
    [InlineData("}\n}\n}\n", "}\n}\n")]
    [InlineData("a\nb\n", "a\nb\nb\nb\n")]
    public async Task Render_ChangeBesideIdenticalLines_PlacedWhereGnuDiffPlacesIt(string before, string after)
    {
        Assert.Equal(await GnuDiffAsync(before, after), UnifiedDiff.Render("/f", before, after));
    }

    [Fact]
    public async Task Render_CreatedFileAndCrlfLines_PatchRecreatesAfter()
    {
        var created = UnifiedDiff.Render("/f", null, "one\r\ntwo\r\nthree");
        Assert.Equal("one\r\ntwo\r\nthree", await PatchAsync(null, created));

        var crlf = UnifiedDiff.Render("/f", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\nd");
        Assert.Equal("a\r\nB\r\nc\r\nd", await PatchAsync("a\r\nb\r\nc\r\n", crlf));
    }

    // Sparse edits (about one line in eight) so that hunks both merge and split at the context boundary.
    private static readonly Gen<(string Before, string After)> DistinctLineEdits =
        Gen.Select(Gen.Int[0, 7].Array[0, 60], Gen.Int[0, 15].Array[61], Gen.Bool, Gen.Bool, Gen.Bool)
            .Select(t =>
            {
                var (deleteRolls, insertRolls, oldNewline, newNewline, crlf) = t;
                var end = crlf ? "\r\n" : "\n";
                var before = new StringBuilder();
                var after = new StringBuilder();
                for (var i = 0; i <= deleteRolls.Length; i++)
                {
                    var inserts = insertRolls[i] switch { 0 => 1, 1 => 2, _ => 0 };
                    for (var k = 0; k < inserts; k++) after.Append("new ").Append(i).Append('.').Append(k).Append(end);
                    if (i == deleteRolls.Length) break;
                    before.Append("line ").Append(i).Append(end);
                    if (deleteRolls[i] != 0) after.Append("line ").Append(i).Append(end);
                }
                return (Trim(before.ToString(), oldNewline, end), Trim(after.ToString(), newNewline, end));
            });

    private static readonly Gen<(string Before, string After)> RepeatedLineFiles =
        Gen.Select(Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("c"), Gen.Const("")).Array[0, 14],
                   Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("c"), Gen.Const("")).Array[0, 14], Gen.Bool, Gen.Bool)
            .Select(t => (Trim(string.Concat(t.Item1.Select(l => l + "\n")), t.Item3, "\n"),
                          Trim(string.Concat(t.Item2.Select(l => l + "\n")), t.Item4, "\n")));

    private static string Trim(string text, bool keepFinalNewline, string end) =>
        keepFinalNewline || text.Length == 0 ? text : text[..^end.Length];

    private static int ChangedLines(string diff) =>
        diff.Split('\n').Count(l => (l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)) || (l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)));

    private async Task<string> GnuDiffAsync(string before, string after, string? option = null)
    {
        var work = Directory.CreateDirectory(Path.Combine(_directory, "gnu-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(work, "old"), before);
        File.WriteAllText(Path.Combine(work, "new"), after);
        string[] arguments = ["-u", "--label", "a/f", "--label", "b/f", .. option is null ? Array.Empty<string>() : [option], Path.Combine(work, "old"), Path.Combine(work, "new")];
        var result = await _runner.RunAsync(new CommandRequest("diff", arguments), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode is 0 or 1, result.StandardError);
        return result.StandardOutput;
    }

    private async Task<string?> PatchAsync(string? before, string diff)
    {
        var work = Directory.CreateDirectory(Path.Combine(_directory, "patch-" + Guid.NewGuid().ToString("N"))).FullName;
        if (before is not null) File.WriteAllText(Path.Combine(work, "f"), before);
        var patchFile = Path.Combine(_directory, Path.GetFileName(work) + ".diff");
        File.WriteAllText(patchFile, diff);
        var result = await _runner.RunAsync(new CommandRequest("patch", ["-p1", "--batch", "--no-backup-if-mismatch", "-d", work, "-i", patchFile]), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.StandardOutput + result.StandardError + "\n" + diff);
        var target = Path.Combine(work, "f");
        return File.Exists(target) ? File.ReadAllText(target) : null;
    }
}
