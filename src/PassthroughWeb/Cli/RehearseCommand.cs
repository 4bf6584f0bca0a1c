using System.CommandLine;
using System.Text;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Services;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb rehearse</c>: boots the host's kernel with the image and command line the plan of steps 2 and 3
/// would give it, under QEMU with an emulated IOMMU, and says what the guest did. Changes nothing on the host; the
/// result goes into the history.
/// </summary>
public static class RehearseCommand
{
    public static Command Create(CliServices services)
    {
        var gpu = StepCommandSupport.Gpu();
        var steps = StepCommandSupport.Steps();
        var root = CommonOptions.Root("The host root whose kernel and configuration are rehearsed (a copy of a host's files works too).");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the report");
        var singleGpu = StepCommandSupport.SingleGpu();
        var extra = StepCommandSupport.Extra();
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds the guest may take to report and power off before QEMU is stopped.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 180,
        };
        var accel = new Option<string>("--accel")
        {
            Description = "How QEMU runs the guest: auto (KVM when it really works, TCG otherwise, and TCG again when a KVM boot stays silent), kvm (fail if KVM does not work) or tcg.",
            HelpName = "auto|kvm|tcg",
            DefaultValueFactory = _ => "auto",
        };
        accel.AcceptOnlyFromAmong("auto", "kvm", "tcg");
        var kvmSilence = new Option<int>("--kvm-silence")
        {
            Description = "Seconds a boot under KVM may write nothing on its console before it counts as hung and is stopped (auto then boots again under TCG).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => (int)RehearsalBootOptions.DefaultKvmSilence.TotalSeconds,
        };
        var command = new Command("rehearse", "Rehearse the reboot: build the image the plan of steps 2 and 3 would give the host (in a temporary directory), boot the host's kernel with it under QEMU with an emulated IOMMU, and report what the guest did. Changes nothing on the host.")
        {
            gpu, steps, root, data, json, singleGpu, extra, timeout, accel, kvmSilence,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            var request = StepCommandSupport.ReadRequest(parseResult.GetValue(gpu)!, parseResult.GetValue(steps)!, parseResult.GetValue(singleGpu), parseResult.GetValue(extra), out var problem);
            if (request is null)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var seconds = parseResult.GetValue(timeout);
            if (seconds <= 0)
            {
                await error.WriteLineAsync("--timeout must be a number of seconds above 0.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var silence = parseResult.GetValue(kvmSilence);
            if (silence <= 0)
            {
                await error.WriteLineAsync("--kvm-silence must be a number of seconds above 0.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var asJson = parseResult.GetValue(json);
            // Progress goes to stderr: stdout holds only the report (or the JSON).
            var progress = new LineProgress(error);
            var result = await engine.Get<RehearseOperation>().RehearseAsync(host, request.Value.Gpu, request.Value.Steps, request.Value.Options, services.Actor, progress, ct,
                new RehearsalBootOptions
                {
                    Timeout = TimeSpan.FromSeconds(seconds),
                    Accelerator = AcceleratorChoiceOf(parseResult.GetValue(accel)!),
                    KvmSilence = TimeSpan.FromSeconds(silence),
                }).ConfigureAwait(false);
            if (asJson)
                await output.WriteLineAsync(JsonSerializer.Serialize(RehearsalDocumentMapper.Map(result), CliJsonContext.Output.RehearsalDocument)).ConfigureAwait(false);
            else
                await output.WriteAsync(Render(result)).ConfigureAwait(false);
            return ExitCodeOf(result);
        });
        return command;
    }

    internal static int ExitCodeOf(StepRehearsalResult result) => result.Report.Outcome switch
    {
        _ when result.Denied is not null => ExitCodes.NotAllowed,
        // Checked before the plan's outcome: a busy host answers with a refused preview, but nothing refused the plan.
        _ when result.Busy is not null => ExitCodes.HostBusy,
        RehearsalOutcome.Passed => ExitCodes.Success,
        RehearsalOutcome.Unavailable when result.Preview.Outcome != Core.Steps.HostChangeOutcome.Planned => PlanCommand.ExitCodeOf(result.Preview),
        RehearsalOutcome.Unavailable => ExitCodes.RehearsalUnavailable,
        RehearsalOutcome.KvmUnavailable => ExitCodes.KvmUnavailable,
        _ => ExitCodes.RehearsalFailed,
    };

    internal static AcceleratorChoice AcceleratorChoiceOf(string name) => name switch
    {
        "kvm" => AcceleratorChoice.Kvm,
        "tcg" => AcceleratorChoice.Tcg,
        _ => AcceleratorChoice.Auto,
    };

    internal static string Render(StepRehearsalResult result)
    {
        var report = result.Report;
        var text = new StringBuilder();
        text.Append("Host     ").Append(result.Preview.Host.Name).Append(" (root ").Append(result.Preview.Host.Root).Append(")\n");
        text.Append("Outcome  ").Append(RehearsalDocumentMapper.OutcomeName(report.Outcome)).Append('\n');
        if (report.Setup is { } setup)
        {
            text.Append("Kernel   ").Append(setup.KernelVersion).Append(", image built by ").Append(Core.Isolation.Initramfs.InitramfsDetector.Name(setup.InitramfsSystem)).Append('\n');
            text.Append("Machine  ").Append(setup.Iommu switch { RehearsalIommu.Intel => "Intel VT-d", RehearsalIommu.Amd => "AMD-Vi", _ => "no IOMMU" })
                .Append(", ").Append(string.Join(", ", setup.Displays.Select(d => $"{d.Model} at {d.Address}"))).Append('\n');
            text.Append("Cmdline  ").Append(setup.CommandLine).Append('\n');
        }
        if (report.Acceleration is { } acceleration)
        {
            text.Append("Accel    ").Append(RehearsalDocumentMapper.AcceleratorName(acceleration.Accelerator) ?? "none").Append(" (asked: ")
                .Append(RehearsalDocumentMapper.ChoiceName(acceleration.Choice)).Append(acceleration.KvmFallback ? ", KVM fallback" : "").Append("): ")
                .Append(acceleration.Note).Append('\n');
        }
        text.Append('\n').Append(report.Summary).Append('\n');
        if (report.Checks.Count > 0) text.Append('\n');
        foreach (var check in report.Checks)
            text.Append("  [").Append(check.Skipped ? "skip" : check.Passed ? "ok" : "FAIL").Append("] ").Append(check.Name).Append(": ").Append(check.Message).Append('\n');
        foreach (var device in report.Evidence?.Devices ?? [])
            text.Append("  guest ").Append(device.Address).Append(' ').Append(device.VendorDevice).Append(" driver ").Append(device.Driver ?? "none")
                .Append(", group ").Append(device.IommuGroup?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none").Append('\n');
        return text.ToString();
    }

    /// <summary>Writes each progress line as it comes (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate) writer.WriteLine(value);
        }
    }
}
