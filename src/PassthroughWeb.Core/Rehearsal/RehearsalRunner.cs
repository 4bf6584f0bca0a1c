using System.Diagnostics;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Rehearses the reboot: builds the image the plan would give the host (with the host's own initramfs system, in a
/// temporary directory), boots the host's kernel with it and the planned command line under QEMU with an emulated
/// IOMMU, reads what the guest reported on its console and judges it. QEMU runs through the command runner, which
/// kills it on a timeout or cancellation; the temporary directory is removed in every case.
/// </summary>
public sealed class RehearsalRunner(ICommandRunner runner)
{
    public const string InstallQemu = "QEMU is not installed: install qemu-system-x86 (apt-get install qemu-system-x86).";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Prepares, boots once with <paramref name="boot"/> (default: as the host), and cleans up.</summary>
    public async Task<RehearsalReport> RunAsync(RehearsalRequest request, RehearsalBootOptions? boot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var preparation = await PrepareAsync(request, progress, cancellationToken).ConfigureAwait(false);
        if (preparation.Prepared is not { } prepared) return preparation.Failure! with { Duration = Stopwatch.GetElapsedTime(started) };
        using (prepared)
        {
            var report = await BootAsync(prepared, boot ?? new RehearsalBootOptions(), progress, cancellationToken).ConfigureAwait(false);
            return report with { Duration = Stopwatch.GetElapsedTime(started) };
        }
    }

    /// <summary>Checks that QEMU is here, finds the kernel and builds the image; the caller disposes what it gets.</summary>
    public async Task<RehearsalPreparation> PrepareAsync(RehearsalRequest request, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        if (plan.Outcome != HostChangeOutcome.Planned || plan.Plan is null)
            return Failed(RehearsalOutcome.Unavailable, "There is no plan to rehearse: " + (plan.Message ?? plan.Outcome.ToString()));

        var version = await runner.RunAsync(new CommandRequest(QemuArguments.Program, ["--version"]) { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
        if (!version.Started) return Failed(RehearsalOutcome.Unavailable, InstallQemu);
        progress?.Report(version.StandardOutput.Split('\n')[0].Trim());

        var kernel = RehearsalKernel.Find(request.Root, request.KernelVersion, out var kernelProblem);
        if (kernel is null) return Failed(RehearsalOutcome.Unavailable, "No kernel to boot: " + kernelProblem);
        progress?.Report($"Kernel {kernel.Version}: {kernel.Image}");

        var system = plan.InitramfsDetection?.Active?.System ?? InitramfsDetector.Detect(request.Root).Active?.System;
        if (system is null) return Failed(RehearsalOutcome.Unavailable, "The initramfs system that builds this host's images could not be told, so the image cannot be built as the host would build it.");
        var builder = RehearsalImageBuilders.For(system.Value);

        var expectation = RehearsalExpectation.From(plan, kernel.Installed);
        var displays = RehearsalDisplays.From(request.Scan, expectation.PassedFunctions, out var displayProblem);
        var commandLine = RehearsalCommandLine.Build(request.Root.TryReadText("proc/cmdline"), plan.Expectations, []);

        var scratch = ScratchDirectory.Create("passthroughweb-rehearsal-");
        try
        {
            progress?.Report($"Building the rehearsal image with {builder.Program} ({InitramfsDetector.Name(system.Value)}) in {scratch.Path} …");
            var image = await builder.BuildAsync(new RehearsalImageRequest { Root = request.Root, Kernel = kernel, Plan = plan.Plan, Timeout = request.ImageTimeout },
                scratch, runner, cancellationToken).ConfigureAwait(false);
            if (!image.Built)
            {
                scratch.Dispose();
                return Failed(image.ProgramMissing ? RehearsalOutcome.Unavailable : RehearsalOutcome.ImageFailed,
                    image.ProgramMissing ? image.Problem! : "The rehearsal image could not be built: " + image.Problem, image.Log);
            }
            progress?.Report($"Image built: {scratch.LengthOf("rehearsal.img") / 1024} KiB.");
            if (system == InitramfsSystem.Booster)
            {
                scratch.Dispose();
                return Failed(RehearsalOutcome.Unavailable, "The booster image builds, but booster's init runs no scripts, so the rehearsal cannot read from the guest what it did.", image.Log);
            }
            return new RehearsalPreparation { Prepared = new PreparedRehearsal(scratch, kernel, system.Value, image, expectation, commandLine, request.Scan.Cpu.Vendor, displays, displayProblem) };
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Boots a prepared image and judges what the guest reported: once, or twice when a KVM boot stays silent past
    /// <see cref="RehearsalBootOptions.KvmSilence"/> under <see cref="AcceleratorChoice.Auto"/> (then once more under TCG).
    /// </summary>
    public async Task<RehearsalReport> BootAsync(PreparedRehearsal prepared, RehearsalBootOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var displays = options.Displays ?? prepared.Displays;
        // A machine needs a display device; when the host has none QEMU can emulate, a VGA stands in at a free slot.
        if (displays.Count == 0)
        {
            var slot = Enumerable.Range(2, 0x1d).First(s => prepared.Expectation.PassedFunctions.All(f => f != new PciAddress(0, 0, s, 0)));
            displays = [EmulatedDisplay.Vga(new PciAddress(0, 0, slot, 0))];
        }
        var expectation = prepared.Expectation with
        {
            NotEmulated = [.. prepared.Expectation.PassedFunctions.Where(f => displays.All(d => d.Address != f))],
        };
        if (expectation.NotEmulated.Count > 0 && prepared.DisplayProblem is { } note) progress?.Report(note);
        var iommu = options.Iommu ?? (prepared.CpuVendor == CpuVendor.Amd ? RehearsalIommu.Amd : RehearsalIommu.Intel);
        var probe = AcceleratorDecision.NeedsProbe(options.Accelerator) ? await KvmProbe.ProbeAsync(runner, cancellationToken).ConfigureAwait(false) : null;
        var acceleration = AcceleratorDecision.First(options.Accelerator, probe);
        progress?.Report(acceleration.Note);
        if (acceleration.Accelerator is null) return KvmUnavailable(acceleration, started);

        var commandLine = options.ExtraParameters.Count == 0 ? prepared.CommandLine : prepared.CommandLine + " " + string.Join(' ', options.ExtraParameters);
        var boot = await BootOnceAsync(prepared, options, acceleration.Accelerator.Value, iommu, displays, commandLine, progress, cancellationToken).ConfigureAwait(false);
        if (boot.Silenced)
        {
            acceleration = AcceleratorDecision.AfterSilentKvmBoot(options.Accelerator, options.KvmSilence);
            progress?.Report(acceleration.Note);
            if (acceleration.Accelerator is null) return KvmUnavailable(acceleration, started) with { Setup = boot.Setup };
            boot = await BootOnceAsync(prepared, options, acceleration.Accelerator.Value, iommu, displays, commandLine, progress, cancellationToken).ConfigureAwait(false);
        }
        var (result, console, setup) = (boot.Result!, boot.Console, boot.Setup);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!result.Started) return new RehearsalReport { Outcome = RehearsalOutcome.Unavailable, Summary = InstallQemu, Setup = setup, Acceleration = acceleration, Duration = elapsed };

        var evidence = EvidenceParser.Parse(console);
        var checks = RehearsalJudge.Judge(evidence, expectation, displays);
        var skipped = checks.Where(c => c.Skipped).ToList();
        if (result.TimedOut)
        {
            return new RehearsalReport
            {
                Outcome = RehearsalOutcome.TimedOut,
                Summary = $"The guest did not report and power off within {options.Timeout.TotalSeconds:0} s: QEMU was stopped. {LastWords(console)}",
                Checks = checks, ConsoleLog = console, Evidence = evidence, Setup = setup, Acceleration = acceleration, Duration = elapsed, ImageLog = prepared.Image.Log,
            };
        }
        if (result.ExitCode != 0)
        {
            return new RehearsalReport
            {
                Outcome = RehearsalOutcome.Crashed,
                Summary = $"QEMU failed (exit code {result.ExitCode}): {result.StandardError.Trim()}",
                Checks = evidence.Began ? checks : [], ConsoleLog = console, Evidence = evidence, Setup = setup, Acceleration = acceleration, Duration = elapsed, ImageLog = prepared.Image.Log,
            };
        }
        progress?.Report($"The guest powered off after {elapsed.TotalSeconds:0} s.");
        var passed = checks.All(c => c.Passed || c.Skipped) && evidence.Ended;
        return new RehearsalReport
        {
            Outcome = passed ? RehearsalOutcome.Passed : RehearsalOutcome.Failed,
            Summary = passed
                ? skipped.Count == 0
                    ? $"The rehearsal passed: all {checks.Count} checks held in a guest booted with kernel {prepared.Kernel.Version} and the planned image."
                    : $"The rehearsal passed: {checks.Count - skipped.Count} checks held in a guest booted with kernel {prepared.Kernel.Version} and the planned image; not rehearsed: " + string.Join(" ", skipped.Select(c => c.Message))
                : "The rehearsal failed: " + string.Join(" ", checks.Where(c => !c.Passed && !c.Skipped).Select(c => c.Name + ": " + c.Message)) + (evidence.Began ? "" : " " + LastWords(console)),
            Checks = checks, ConsoleLog = console, Evidence = evidence, Setup = setup, Acceleration = acceleration, Duration = elapsed, ImageLog = prepared.Image.Log,
        };
    }

    /// <summary>One QEMU run. Under KVM, a console still empty after the silence deadline stops QEMU (Silenced, no Result).</summary>
    private async Task<Boot> BootOnceAsync(PreparedRehearsal prepared, RehearsalBootOptions options, QemuAccelerator accelerator, RehearsalIommu iommu,
        IReadOnlyList<EmulatedDisplay> displays, string commandLine, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var log = $"console-{Guid.NewGuid():N}.log";
        var machine = new QemuMachine
        {
            KernelImage = prepared.Kernel.Image,
            Initrd = prepared.Image.Path!,
            CommandLine = commandLine,
            ConsoleLog = prepared.Scratch.PathOf(log),
            Iommu = iommu,
            Displays = displays,
            Accelerator = accelerator,
            Cpus = options.Cpus,
        };
        var request = new CommandRequest(QemuArguments.Program, QemuArguments.Build(machine)) { Timeout = options.Timeout };
        var setup = new RehearsalSetup
        {
            KernelVersion = prepared.Kernel.Version,
            InitramfsSystem = prepared.System,
            Iommu = iommu,
            Accelerator = accelerator,
            Displays = displays,
            CommandLine = commandLine,
            QemuCommand = request.Display,
        };
        progress?.Report($"Booting under QEMU ({(accelerator == QemuAccelerator.Kvm ? "KVM" : "TCG")}, {Describe(iommu)}, {string.Join(", ", displays.Select(d => $"{d.Model} at {d.Address}"))}) with: {commandLine}");

        CommandResult? result = null;
        var silenced = false;
        using (var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (var tail = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var tailing = progress is null ? Task.CompletedTask : TailAsync(prepared.Scratch, log, progress, tail.Token);
            var watching = accelerator == QemuAccelerator.Kvm ? WatchSilenceAsync(prepared.Scratch, log, options.KvmSilence, run, tail.Token) : Task.FromResult(false);
            try
            {
                result = await runner.RunAsync(request, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the silence watch cancels run without the caller: the runner has killed QEMU.
            }
            finally
            {
                await tail.CancelAsync().ConfigureAwait(false);
                await tailing.ConfigureAwait(false);
                silenced = await watching.ConfigureAwait(false);
            }
        }
        var console = prepared.Scratch.Root.TryReadText(log) ?? "";
        prepared.Scratch.Delete(log);
        return silenced && result is null ? new Boot(null, console, setup, Silenced: true) : new Boot(result!, console, setup, Silenced: false);
    }

    private sealed record Boot(CommandResult? Result, string Console, RehearsalSetup Setup, bool Silenced);

    /// <summary>Waits out the deadline; true (and QEMU stopped) when the console is still empty then.</summary>
    private static async Task<bool> WatchSilenceAsync(ScratchDirectory scratch, string log, TimeSpan silence, CancellationTokenSource run, CancellationToken ended)
    {
        try
        {
            await Task.Delay(silence, ended).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        if (scratch.LengthOf(log) is > 0) return false;
        await run.CancelAsync().ConfigureAwait(false);
        return true;
    }

    private static RehearsalReport KvmUnavailable(RehearsalAcceleration acceleration, long started) => new()
    {
        Outcome = RehearsalOutcome.KvmUnavailable,
        Summary = acceleration.Note,
        Acceleration = acceleration,
        Duration = Stopwatch.GetElapsedTime(started),
    };

    private static async Task TailAsync(ScratchDirectory scratch, string log, IProgress<string> progress, CancellationToken cancellationToken)
    {
        long offset = 0;
        while (true)
        {
            var text = scratch.ReadFrom(log, offset, out offset);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) progress.Report(line.TrimEnd('\r'));
            if (cancellationToken.IsCancellationRequested) return;
            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // One more read picks up what the guest wrote last.
            }
        }
    }

    private static string LastWords(string console)
    {
        var lines = console.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(3).ToList();
        return lines.Count == 0 ? "The guest wrote nothing on its console." : "Its console ended with: " + string.Join(" / ", lines.Select(l => l.Trim()));
    }

    private static string Describe(RehearsalIommu iommu) => iommu switch
    {
        RehearsalIommu.Intel => "Intel VT-d",
        RehearsalIommu.Amd => "AMD-Vi",
        _ => "no IOMMU",
    };

    private static RehearsalPreparation Failed(RehearsalOutcome outcome, string summary, string imageLog = "") =>
        new() { Failure = new RehearsalReport { Outcome = outcome, Summary = summary, ImageLog = imageLog } };
}
