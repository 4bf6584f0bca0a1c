using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps.Changes;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class DiffViewTests : BunitContext
{
    public DiffViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_GrubEdit_ColoursTheRemovedAndAddedLineAndKeepsContext()
    {
        var change = new FileChange
        {
            Path = "/etc/default/grub",
            Before = "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n",
            After = "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"\nGRUB_CMDLINE_LINUX=\"\"\n",
            Reason = "test",
        };

        var view = Render<DiffView>(p => p.Add(v => v.Diff, UnifiedDiff.Render(change)).Add(v => v.Path, change.Path));

        Assert.Equal("/etc/default/grub", view.Find("[data-testid=diff]").GetAttribute("data-path"));
        Assert.Equal(["--- a/etc/default/grub", "+++ b/etc/default/grub"], view.FindAll(".diff-file").Select(e => e.TextContent));
        Assert.Equal(["@@ -1,3 +1,3 @@"], view.FindAll(".diff-hunk").Select(e => e.TextContent));
        Assert.Equal(["-GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\""], view.FindAll(".diff-del").Select(e => e.TextContent));
        Assert.Equal(["+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\""], view.FindAll(".diff-add").Select(e => e.TextContent));
        Assert.Equal([" GRUB_DEFAULT=0", " GRUB_CMDLINE_LINUX=\"\""], view.FindAll(".diff-context").Select(e => e.TextContent));
        Assert.NotNull(view.Find("pre.diff"));
    }

    [Fact]
    public void Render_NoChange_SaysSoInsteadOfAnEmptyBox()
    {
        var view = Render<DiffView>(p => p.Add(v => v.Diff, ""));

        Assert.Contains("No change.", view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("pre.diff"));
    }

    [Fact]
    public void Parse_RemovedLineThatLooksLikeAFileLabel_StaysARemovedLine()
    {
        // "-- a/x" removed is "--- a/x" in the diff: only the hunk's line counts tell it from the next file's label.
        var diff = UnifiedDiff.Render("/etc/one", "keep\n-- a/x\n", "keep\n") + UnifiedDiff.Render("/etc/two", null, "new\n");

        var lines = DiffLine.Parse(diff);

        Assert.Equal(
            [DiffLineKind.FileHeader, DiffLineKind.FileHeader, DiffLineKind.Hunk, DiffLineKind.Context, DiffLineKind.Removed,
             DiffLineKind.FileHeader, DiffLineKind.FileHeader, DiffLineKind.Hunk, DiffLineKind.Added],
            lines.Select(l => l.Kind));
        Assert.Equal("--- a/x", lines[4].Text);
        Assert.Equal("--- /dev/null", lines[5].Text);
    }

    [Fact]
    public void Parse_MissingFinalNewline_IsANoteLine()
    {
        var lines = DiffLine.Parse(UnifiedDiff.Render("/etc/kernel/cmdline", "root=/dev/sda1", "root=/dev/sda1 iommu=pt"));

        Assert.Equal(DiffLineKind.Note, lines[^1].Kind);
        Assert.Equal("diff-note", lines[^1].CssClass);
        Assert.Equal(["+root=/dev/sda1 iommu=pt"], lines.Where(l => l.Kind == DiffLineKind.Added).Select(l => l.Text));
    }
}
