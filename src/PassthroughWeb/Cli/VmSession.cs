using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>The step services a VM verb works with: the change engine's history and journal, and steps 4 and 5 on top of it.</summary>
internal sealed class VmSession(StepChanges changes, VmSteps steps) : IDisposable
{
    public StepChanges Changes { get; } = changes;
    public VmSteps Steps { get; } = steps;

    public void Dispose() => Changes.Dispose();
}
