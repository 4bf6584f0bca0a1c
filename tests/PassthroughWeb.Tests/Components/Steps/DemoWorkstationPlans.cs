using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Components.Steps;

/// <summary>The guide's workstation written into a temporary directory, scanned, and planned by the real planner.</summary>
public sealed class DemoWorkstationPlans : IDisposable
{
    public DemoWorkstationPlans()
    {
        SampleWorkstation.Build(Host.Path);
        Scan = new HostScanner(TimeProvider.System).Scan(Host.Root, SampleWorkstation.HostName);
    }

    public TemporaryHostRoot Host { get; } = new();

    public ScanReport Scan { get; }

    public HostChangePlanResult Plan(PciAddress gpu, bool passingBootGpu = false, bool singleGpu = false, params HostStep[] steps) =>
        HostChangePlanner.Plan(Host.Root, Scan, new HostChangeRequest
        {
            Gpu = gpu,
            Steps = steps.Length == 0 ? [HostStep.Host, HostStep.Isolate] : steps,
            PassingBootGpu = passingBootGpu,
            SingleGpuChosen = singleGpu,
        });

    public void Dispose() => Host.Dispose();
}
