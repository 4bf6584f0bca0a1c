using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Rehearsal;

namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>
/// The three kinds of machine a rehearsal meets, on any machine, behind the command runner: QEMU asked for
/// <c>-accel kvm</c> answers as it does without /dev/kvm, runs the guest (under TCG: a working KVM, whatever this
/// machine has), or runs it but never lets the guest's CPU start, so its console stays silent until QEMU is killed (a
/// KVM that hangs). Everything else, TCG runs included, goes to the real runner untouched.
/// </summary>
public sealed class SimulatedKvm(SimulatedKvm.Kind kind, ICommandRunner? inner = null) : ICommandRunner
{
    public enum Kind
    {
        /// <summary>No /dev/kvm: QEMU refuses <c>-accel kvm</c> with the words real QEMU 7.2 uses.</summary>
        Absent,

        /// <summary>KVM runs every guest (simulated by TCG).</summary>
        Working,

        /// <summary>The probe's guest runs, a kernel's does not: what the issue saw on a nested host.</summary>
        HangsAfterProbe,

        /// <summary>No guest runs under KVM: the probe sees it.</summary>
        Hangs,
    }

    private readonly ICommandRunner _inner = inner ?? new ProcessCommandRunner();
    private readonly Lock _gate = new();
    private readonly List<string> _qemuRuns = [];

    /// <summary>Each QEMU run asked of this runner, as "probe kvm", "kernel tcg" …, in order.</summary>
    public IReadOnlyList<string> QemuRuns
    {
        get
        {
            lock (_gate) return [.. _qemuRuns];
        }
    }

    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accel = request.Arguments.ToList().IndexOf("-accel");
        if (request.Program != QemuArguments.Program || accel < 0) return _inner.RunAsync(request, cancellationToken);
        var probe = request.Arguments.Contains("-bios");
        var kvm = request.Arguments[accel + 1] == "kvm";
        lock (_gate) _qemuRuns.Add($"{(probe ? "probe" : "kernel")} {request.Arguments[accel + 1]}");
        if (!kvm) return _inner.RunAsync(request, cancellationToken);
        if (kind == Kind.Absent)
        {
            return Task.FromResult(new CommandResult(1, "",
                "Could not access KVM kernel module: No such file or directory\nqemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory\n"));
        }
        var arguments = request.Arguments.ToList();
        arguments[accel + 1] = "tcg";
        // -S: QEMU starts with the CPU stopped and waits, as a guest that hangs at its first instruction.
        var hangs = kind == Kind.Hangs || (kind == Kind.HangsAfterProbe && !probe);
        if (hangs) arguments.Add("-S");
        return _inner.RunAsync(request with { Arguments = arguments }, cancellationToken);
    }
}
