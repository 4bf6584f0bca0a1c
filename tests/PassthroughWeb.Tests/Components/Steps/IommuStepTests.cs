using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class IommuStepTests : BunitContext
{
    private readonly DemoWorkstationPlans _demo = new();

    public IommuStepTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _demo.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void Render_DemoHostWithBootDisplayExtra_ShowsGrubFoundAndTheGrubDiff()
    {
        var result = _demo.Plan(SampleWorkstation.GuestGpu, passingBootGpu: true, steps: HostStep.Host).BootLoader;

        var card = Render<IommuStep>(p => p
            .Add(c => c.Report, _demo.Scan)
            .Add(c => c.Choices, new StepChoices { Gpu = SampleWorkstation.GuestGpu, PassingBootGpu = true })
            .Add(c => c.Result, result)
            .Add(c => c.RootIsCopy, true));

        Assert.Equal("GRUB", card.Find("[data-testid=boot-loader-kind]").TextContent.Trim());
        Assert.Contains("/etc/default/grub", card.Find("[data-testid=command-line-files]").TextContent, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", card.Find("[data-testid=booted-command-line]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(card.FindAll("[data-testid=boot-evidence] li"));
        Assert.Equal(["intel_iommu=on", "iommu=pt"], card.FindAll("[data-testid=required-parameter]").Select(e => e.TextContent));
        Assert.Contains("peer-to-peer DMA", card.Find("[data-testid=acs-warning]").TextContent, StringComparison.Ordinal);
        var grub = card.Find("[data-testid=file-change][data-path='/etc/default/grub']");
        Assert.Equal(["+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on iommu=pt video=efifb:off initcall_blacklist=sysfb_init\""],
            grub.QuerySelectorAll(".diff-add").Select(e => e.TextContent));
        Assert.Contains("grub-mkconfig -o /boot/grub/grub.cfg", card.Find("[data-testid=planned-commands]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.Find("[data-testid=command-skipped]"));
        Assert.Empty(card.FindAll("[data-testid=plan-manual]"));
    }

    [Fact]
    public void Render_HostWithoutABootLoader_ShowsTheManualInstructions()
    {
        using var bare = new TemporaryHostRoot();
        bare.Root.WriteText("proc/cmdline", "root=/dev/sda2 ro quiet\n");
        var result = KernelCommandLinePlanner.Plan(bare.Root, CpuVendor.Intel, KernelCommandLineOptions.Default);

        var card = Render<IommuStep>(p => p.Add(c => c.Report, _demo.Scan).Add(c => c.Choices, new StepChoices()).Add(c => c.Result, result));

        Assert.Equal("not recognised", card.Find("[data-testid=boot-loader-kind]").TextContent.Trim());
        var manual = card.Find("[data-testid=plan-manual]").TextContent;
        Assert.Contains("Do this step by hand.", manual, StringComparison.Ordinal);
        Assert.Contains("intel_iommu=on iommu=pt", manual, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=plan]"));
    }

    [Fact]
    public void Render_CpuOfUnknownVendor_ShowsTheErrorAlert()
    {
        var result = KernelCommandLinePlanner.Plan(_demo.Host.Root, CpuVendor.Other, KernelCommandLineOptions.Default);

        var card = Render<IommuStep>(p => p.Add(c => c.Report, _demo.Scan).Add(c => c.Choices, new StepChoices()).Add(c => c.Result, result));

        Assert.Contains("neither Intel nor AMD", card.Find("[data-testid=plan-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=plan]"));
    }

    [Fact]
    public void Render_BootDisplayExtraTicked_ReportsTheNewChoice()
    {
        StepChoices? chosen = null;
        var card = Render<IommuStep>(p => p
            .Add(c => c.Report, _demo.Scan)
            .Add(c => c.Choices, new StepChoices { Gpu = SampleWorkstation.GuestGpu })
            .Add(c => c.ChoicesChanged, (StepChoices c) => chosen = c)
            .Add(c => c.Result, _demo.Plan(SampleWorkstation.GuestGpu, steps: HostStep.Host).BootLoader));

        card.Find("[data-testid=extra-boot-gpu] input[type=checkbox]").Change(true);

        Assert.Equal(new StepChoices { Gpu = SampleWorkstation.GuestGpu, PassingBootGpu = true }, chosen);
    }
}
