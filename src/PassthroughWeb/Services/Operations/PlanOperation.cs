using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Plans steps 2 and/or 3: a fresh scan of the host, the boot loader (on the host itself), then the planner. Apply and
/// rehearse plan through here too, so what they act on is exactly what a preview shows.
/// </summary>
public sealed class PlanOperation(ICommandRunner runner, TimeProvider time, EngineOptions engine, Plans.PlanFingerprints fingerprints)
{
    /// <summary>Plans steps 2 and/or 3; <paramref name="gpu"/> may be null for step 2 alone (it needs a card only for its boot-display extra).</summary>
    /// <remarks>The plan is shown: it is kept under its id (for an apply by id from any door) and announced on the feed.</remarks>
    public async Task<StepPlanPreview> PlanAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, CancellationToken ct, string? shownTo = null)
    {
        var (preview, _) = await PlanWithRootAsync(host, gpu, steps, options, ct);
        if (preview.Identity is { } identity)
            await fingerprints.ShowAsync(identity, RequestOf(gpu, steps, options), preview.Summary, shownTo, ct);
        return preview;
    }

    /// <summary>What an apply by id plans again.</summary>
    internal static Plans.ShownPlanRequest RequestOf(PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options) => new()
    {
        Steps = [.. steps.Select(HostSteps.NameOf)],
        Gpu = gpu?.ToString(),
        SingleGpu = options.SingleGpuChosen,
        PassingBootGpu = options.PassingBootGpu,
        AcsOverride = options.AcsOverride,
    };

    /// <summary>The options that shape a plan beyond its files and commands: part of its id.</summary>
    internal static IEnumerable<PlanInput> InputsOf(StepPlanOptions options) =>
    [
        new("single-gpu", options.SingleGpuChosen ? "yes" : "no"),
        new("boot-gpu-extras", options.PassingBootGpu ? "yes" : "no"),
        new("acs-override", options.AcsOverride ? "yes" : "no"),
    ];

    /// <summary>The preview, and the host root it was planned on (null when the root does not exist).</summary>
    internal async Task<(StepPlanPreview Preview, HostRoot? Root)> PlanWithRootAsync(StepHost host, PciAddress? gpu, IReadOnlyList<HostStep> steps, StepPlanOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        if (host.IsImported)
            return (new StepPlanPreview
            {
                Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Refused,
                Summary = "No plan: the host was imported from a listing.", Message = ImportedHosts.ReadOnly(host.Name),
            }, null);
        if (host.IsAgent)
            return (new StepPlanPreview
            {
                Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Error,
                Summary = "No plan here: an agent's host is planned by its agent.", Message = host.AgentChangesUnavailable,
            }, null);
        if (!Directory.Exists(host.Root))
            return (new StepPlanPreview
            {
                Host = host, Steps = steps, Gpu = gpu, Outcome = HostChangeOutcome.Error,
                Summary = "No plan: the host root does not exist.", Message = $"The host root '{host.Root}' does not exist or is not a directory.",
            }, null);
        var root = new HostRoot(host.Root);
        var scan = await Task.Run(() => new HostScanner(time).Scan(root, host.Name), ct);
        var detection = root.IsSystemRoot ? await BootLoaderDetector.DetectAsync(root, runner, ct) : null;
        var request = new HostChangeRequest
        {
            Gpu = gpu, Steps = steps, SingleGpuChosen = options.SingleGpuChosen, PassingBootGpu = options.PassingBootGpu, AcsOverride = options.AcsOverride,
        };
        var result = HostChangePlanner.Plan(root, scan, request, detection);
        var skipped = !(engine.CommandPolicy == CommandPolicy.Always || (engine.CommandPolicy == CommandPolicy.SystemRootOnly && root.IsSystemRoot));
        var plan = result.Plan;
        var preview = new StepPlanPreview
        {
            Host = host,
            Steps = steps,
            Gpu = gpu,
            Outcome = result.Outcome,
            Summary = plan?.Summary ?? result.Message ?? result.Outcome.ToString(),
            Message = result.Message,
            Files = plan is null ? [] : [.. plan.Files.Select(f => new PlannedFile { Path = f.Path, Reason = f.Reason, Before = f.Before, After = f.After, Diff = UnifiedDiff.Render(f) })],
            Commands = plan is null ? [] : [.. plan.Commands.Select(c => new PlannedCommand
            {
                Display = c.Command.Display, Program = c.Command.Program, Arguments = c.Command.Arguments, Reason = c.Reason, WillBeSkipped = skipped,
            })],
            Notes = result.Notes,
            Refusals = result.Refusals,
            Findings = [.. result.ModprobeFindings.Select(f => f.ToString()), .. result.InitramfsFindings.Select(f => f.ToString())],
            NeedsReboot = plan?.NeedsReboot ?? false,
            IsNothingToDo = result.IsNothingToDo,
            Result = result,
            Identity = plan is null ? null : PlanIdentity.Of(host.Name, gpu, plan, InputsOf(options)),
            RehearsalUnavailable = Core.Rehearsal.RehearsalKernel.Find(root, null, out var kernelProblem) is null
                ? $"No rehearsal on this host: {kernelProblem}"
                : null,
        };
        return (preview, root);
    }
}
