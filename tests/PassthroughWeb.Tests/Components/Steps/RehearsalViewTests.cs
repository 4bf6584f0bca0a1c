using Bunit;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;

namespace PassthroughWeb.Tests.Components.Steps;

public sealed class RehearsalViewTests : BunitContext
{
    public RehearsalViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_ARehearsalThatCouldNotRun_TheHeadlineAndTheReasonAreTwoSentences()
    {
        var result = new StepRehearsalResult
        {
            Preview = new StepPlanPreview
            {
                Host = new StepHost { Name = "sample-workstation", Root = "/var/lib/passthroughweb/demo/sample-workstation", IsDemo = true },
                Steps = [HostStep.Host],
                Gpu = null,
                Outcome = HostChangeOutcome.Planned,
                Summary = "Adds the IOMMU parameters to GRUB.",
            },
            Report = new RehearsalReport { Outcome = RehearsalOutcome.Unavailable, Summary = "No kernel to boot: no kernel is installed under lib/modules." },
        };

        var view = Render<RehearsalView>(p => p.Add(v => v.Name, "step-2").Add(v => v.Result, result));

        Assert.Contains("No rehearsal here. No kernel to boot", view.Find("[data-testid=rehearsal-result]").TextContent, StringComparison.Ordinal);
    }
}
