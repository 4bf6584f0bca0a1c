using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Steps;

/// <summary>Step 2 on a host with no graphics card and the IOMMU off: it needs no card; step 3 says why it cannot be planned.</summary>
public sealed class HostChangePlannerWithoutGpuTests : IDisposable
{
    private readonly HeadlessServer _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Plan_StepTwoWithoutACard_AddsTheIntelParametersToDebiansGrub()
    {
        var scan = _host.Scan();
        Assert.Empty(scan.Gpus);

        var result = HostChangePlanner.Plan(_host.Root, scan, new HostChangeRequest { Steps = [HostStep.Host] });

        Assert.Equal(HostChangeOutcome.Planned, result.Outcome);
        var grub = Assert.Single(result.Plan!.Files, f => f.Path == "/etc/default/grub");
        Assert.Contains("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"", grub.After, StringComparison.Ordinal);
        Assert.Equal(["intel_iommu=on", "iommu=pt"], result.Expectations!.KernelParameters);
    }

    [Fact]
    public void Plan_StepThreeWithoutACard_AnErrorThatSaysTheScanFoundNone()
    {
        var result = HostChangePlanner.Plan(_host.Root, _host.Scan(), new HostChangeRequest { Steps = [HostStep.Host, HostStep.Isolate] });

        Assert.Equal(HostChangeOutcome.Error, result.Outcome);
        Assert.Null(result.Plan);
        Assert.Contains("found none", result.Message, StringComparison.Ordinal);
    }
}
