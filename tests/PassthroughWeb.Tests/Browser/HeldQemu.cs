using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Tests.Rehearsal;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Browser;

/// <summary>QEMU's boots (<c>-accel …</c>) wait until <see cref="Release"/>; everything else runs at once. <see cref="Holding"/> ends when a boot waits.</summary>
internal sealed class HeldQemu(SimulatedKvm kvm) : ICommandRunner
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedKvm Kvm => kvm;

    public Task Holding => _holding.Task;

    public void Release() => _released.TrySetResult();

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Program == QemuArguments.Program && request.Arguments.Contains("-accel"))
        {
            _holding.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
        return await kvm.RunAsync(request, cancellationToken);
    }
}
