using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Core.Demo;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class IsolationStepTests : BunitContext
{
    private readonly DemoWorkstationPlans _demo = new();

    public IsolationStepTests()
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
    public void Render_GuestGpu_BindsByAddressNamingTheCollisionAndShowsThePlanOfBothSteps()
    {
        var gpu = SampleWorkstation.GuestGpu;
        var card = Render<IsolationStep>(p => p
            .Add(c => c.Report, _demo.Scan)
            .Add(c => c.Choices, new StepChoices { Gpu = gpu })
            .Add(c => c.Result, _demo.Plan(gpu))
            .Add(c => c.RootIsCopy, true));

        Assert.Equal("address", card.Find("[data-testid=binding-method]").GetAttribute("data-method"));
        Assert.Equal("by address", card.Find("[data-testid=binding-method-chip]").TextContent.Trim());
        var collisions = card.Find("[data-testid=binding-collisions]").TextContent;
        Assert.Contains("1002:ab28", collisions, StringComparison.Ordinal);
        Assert.Contains("0000:03:00.1", collisions, StringComparison.Ordinal);
        Assert.Contains("0000:03:00.0", card.Find("[data-testid=host-display]").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=refusal]"));
        Assert.Empty(card.FindAll("[data-testid=single-gpu]"));
        Assert.Contains("mkinitcpio", card.Find("[data-testid=initramfs-system]").TextContent, StringComparison.Ordinal);

        Assert.Equal("host,isolate", card.Find("[data-testid=plan]").GetAttribute("data-steps"));
        var paths = card.FindAll("[data-testid=file-change]").Select(f => f.GetAttribute("data-path")).ToList();
        Assert.Contains("/etc/modprobe.d/vfio.conf", paths);
        Assert.Contains("/etc/mkinitcpio.conf", paths);
        var vfio = card.Find("[data-testid=file-change][data-path='/etc/modprobe.d/vfio.conf']");
        Assert.Contains("+softdep amdgpu pre: vfio-pci", vfio.QuerySelectorAll(".diff-add").Select(e => e.TextContent));
        Assert.DoesNotContain(vfio.QuerySelectorAll(".diff-add"), e => e.TextContent.Contains("ids=", StringComparison.Ordinal));
        // The demo host is a copy: every command is marked as skipped.
        Assert.NotEmpty(card.FindAll("[data-testid=planned-commands] li"));
        Assert.Equal(card.FindAll("[data-testid=planned-commands] li").Count, card.FindAll("[data-testid=command-skipped]").Count);
    }

    [Fact]
    public void Render_BootDisplayGpu_RefusedWithTheSingleGpuChoiceAndNoPlan()
    {
        var gpu = SampleWorkstation.HostGpu;
        StepChoices? chosen = null;
        var card = Render<IsolationStep>(p => p
            .Add(c => c.Report, _demo.Scan)
            .Add(c => c.Choices, new StepChoices { Gpu = gpu })
            .Add(c => c.ChoicesChanged, (StepChoices c) => chosen = c)
            .Add(c => c.Result, _demo.Plan(gpu)));

        var refusal = card.Find("[data-testid=refusal]");
        Assert.Equal("BootDisplay", refusal.GetAttribute("data-kind"));
        Assert.Contains("What to do:", refusal.TextContent, StringComparison.Ordinal);
        Assert.Contains("no display of its own", card.Find("[data-testid=single-gpu]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.Find("[data-testid=plan-refused]"));
        Assert.Empty(card.FindAll("[data-testid=plan]"));
        Assert.Empty(card.FindAll("[data-testid=binding-method]"));

        card.Find("[data-testid=single-gpu] input[type=checkbox]").Change(true);

        Assert.Equal(new StepChoices { Gpu = gpu, SingleGpu = true }, chosen);
    }

    [Fact]
    public void Render_NoGpuChosen_AsksForOne()
    {
        var card = Render<IsolationStep>(p => p.Add(c => c.Report, _demo.Scan).Add(c => c.Choices, new StepChoices()));

        Assert.NotNull(card.Find("[data-testid=choose-gpu]"));
        Assert.Equal(2, card.FindAll("[data-testid=gpu-option]").Count);
        Assert.Empty(card.FindAll("[data-testid=plan]"));
    }
}
