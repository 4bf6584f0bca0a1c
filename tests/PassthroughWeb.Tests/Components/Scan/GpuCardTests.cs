using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Scan;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;

namespace PassthroughWeb.Tests.Components.Scan;

public sealed class GpuCardTests : BunitContext
{
    public GpuCardTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Theory]
    [InlineData(GpuVerdict.Ready, "ready", "mud-chip-color-success")]
    [InlineData(GpuVerdict.SharedGroup, "shared-group", "mud-chip-color-warning")]
    [InlineData(GpuVerdict.Blocked, "blocked", "mud-chip-color-error")]
    public void Render_Verdict_ShowsChipWithWordAndColour(GpuVerdict verdict, string word, string colourClass)
    {
        var card = RenderCard(verdict);

        var chip = card.Find(".verdict-chip");
        Assert.Equal(word, chip.TextContent.Trim());
        Assert.Equal(word, chip.GetAttribute("data-verdict"));
        Assert.Contains(colourClass, chip.ClassList);
        Assert.Contains($"gpu-card-{word}", card.Find("[data-testid=gpu-card]").ClassList);
    }

    [Fact]
    public void Render_GuestGpu_ShowsReasonsNotesFunctionsAndCollision()
    {
        var card = RenderCard(GpuVerdict.SharedGroup);

        Assert.Equal("0000:07:00.0", card.Find("[data-testid=gpu-card]").GetAttribute("data-address"));
        // pci.ids' "Navi 23 [Radeon RX 6600/6600 XT/6600M]" of "Advanced Micro Devices, Inc. [AMD/ATI]", shortened.
        Assert.Equal("Radeon RX 6600/6600 XT/6600M", card.Find(".gpu-name").TextContent.Trim());
        Assert.Contains("AMD/ATI Navi 23 · 0000:07:00.0", card.Find(".gpu-subtitle").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["Other devices share its group."], card.FindAll("[data-testid=gpu-reasons] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("vfio-pci ids= would take it too", card.Find("[data-testid=gpu-notes]").TextContent, StringComparison.Ordinal);
        var functions = card.FindAll("[data-testid=gpu-functions] .device-line");
        Assert.Equal(2, functions.Count);
        Assert.Contains("0000:07:00.1", functions[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("snd_hda_intel", functions[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("IOMMU group 19", functions[1].TextContent, StringComparison.Ordinal);
        var collision = card.Find("[data-testid=gpu-id-collisions]").TextContent;
        Assert.Contains("0000:03:00.1", collision, StringComparison.Ordinal);
        Assert.Contains("1002:ab28", collision, StringComparison.Ordinal);
        Assert.Contains("IOMMU groups 18, 19", card.Markup, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=gpu-group-mates]"));
    }

    [Fact]
    public void Render_BootVgaCard_SaysItIsTheBootDisplay()
    {
        var report = ProfileComparisonReports.Workstation();
        var model = GpuCardModel.From(report.Gpus[1], report);

        var card = Render<GpuCard>(parameters => parameters.Add(p => p.Model, model));

        Assert.Contains("boot display", card.Markup, StringComparison.Ordinal);
        Assert.Contains("IOMMU group 1)", card.Markup, StringComparison.Ordinal);
    }

    private IRenderedComponent<GpuCard> RenderCard(GpuVerdict verdict)
    {
        var gpu = ProfileComparisonReports.Gpu("0000:07:00.0", "0000:07:00.1", [18, 19], "0000:03:00.1", verdict);
        var report = ProfileComparisonReports.Workstation(gpus: [gpu]);
        return Render<GpuCard>(parameters => parameters.Add(p => p.Model, GpuCardModel.From(gpu, report)));
    }
}
