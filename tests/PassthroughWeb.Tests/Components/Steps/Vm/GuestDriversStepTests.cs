using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps.Vm;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Components.Steps;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Components;

namespace PassthroughWeb.Tests.Components.Steps.Vm;

/// <summary>Step 5 before a VM is chosen: the advice for the card from the stored scan, and where each known problem's fix lives.</summary>
public sealed class GuestDriversStepTests : BunitContext
{
    private readonly DemoWorkstationPlans _demo = new();
    private readonly TemporaryDataDirectory _data = new();

    public GuestDriversStepTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddPassthroughEngine(new EngineOptions { DataDirectory = _data.Path }, new ProcessCommandRunner());
        using (PassthroughDatabase.OpenAsync(_data.Path, CancellationToken.None).GetAwaiter().GetResult())
        {
        }
        this.SignInAs(PassthroughWeb.Tests.Services.TestActors.Operator);
        // After the services: the renderer is itself taken from them.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _demo.Dispose();
            _data.Dispose();
        }
        base.Dispose(disposing);
    }

    [Fact]
    public void Render_DemoCardNoVmYet_ShowsTheAmdDriverAndAsksForTheVmOfStepFour()
    {
        var step = Render<GuestDriversStep>(p => p
            .Add(s => s.HostName, SampleWorkstation.HostName)
            .Add(s => s.Report, _demo.Scan)
            .Add(s => s.Gpu, SampleWorkstation.GuestGpu));

        var advice = step.Find("[data-testid=driver-advice]");
        Assert.Equal(nameof(GpuVendor.Amd), advice.GetAttribute("data-vendor"));
        Assert.Equal(GuestDriverAdvisor.AmdDriverPage, step.Find("[data-testid=driver-download]").GetAttribute("href"));
        Assert.NotEmpty(step.FindAll("[data-testid=driver-expected] li"));
        Assert.NotNull(step.Find("[data-testid=guest-choose-vm]"));
        Assert.Equal("choose a VM in step 4", step.Find("[data-testid=step-status]").TextContent.Trim());
        Assert.Empty(step.FindAll("[data-testid=guest-mark-done]"));
        Assert.Empty(step.FindAll("[data-testid=detected-problem]"));
    }

    [Fact]
    public void Render_DemoCard_EachProblemToWatchNamesTheStepOfItsFix()
    {
        var step = Render<GuestDriversStep>(p => p
            .Add(s => s.HostName, SampleWorkstation.HostName)
            .Add(s => s.Report, _demo.Scan)
            .Add(s => s.Gpu, SampleWorkstation.GuestGpu));

        var card = _demo.Scan.Devices.Single(d => d.Address == SampleWorkstation.GuestGpu);
        var expected = GuestDriverAdvisor.Advise(card).KnownProblems;
        var shown = step.FindAll("[data-testid=watch-problem]");
        Assert.Equal(expected.Select(p => p.Id.ToString()), shown.Select(s => s.GetAttribute("data-problem")));
        foreach (var (problem, element) in expected.Zip(shown))
        {
            var title = PassthroughWeb.Components.Steps.ChecklistStep.All[(int)problem.FixStep - 1].Title;
            Assert.Contains($"fix in step {(int)problem.FixStep}: {title}", element.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(problem.Fix, element.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_NoCardChosen_AsksForTheCardAndShowsNoAdvice()
    {
        var step = Render<GuestDriversStep>(p => p
            .Add(s => s.HostName, SampleWorkstation.HostName)
            .Add(s => s.Report, _demo.Scan)
            .Add(s => s.Vm, "win11"));

        Assert.NotNull(step.Find("[data-testid=guest-choose-gpu]"));
        Assert.Equal("choose a card", step.Find("[data-testid=step-status]").TextContent.Trim());
        Assert.Empty(step.FindAll("[data-testid=driver-advice]"));
    }
}
