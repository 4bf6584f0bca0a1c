using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Web.Api;

/// <summary>A step request read from a body: steps 2 and/or 3 (<see cref="HostSteps"/>), or step 4 (<see cref="Vm"/>).</summary>
public sealed record StepRequest
{
    public PciAddress? Gpu { get; init; }
    public IReadOnlyList<HostStep> HostSteps { get; init; } = [];
    public StepPlanOptions Options { get; init; } = new();
    public VmStepOptions? Vm { get; init; }
}
