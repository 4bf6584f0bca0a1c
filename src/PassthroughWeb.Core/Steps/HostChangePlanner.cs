using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Steps;

/// <summary>
/// Plans steps 2 and 3 for one card on one host, alone or together. Together they become ONE change plan — the
/// files of both, the commands once each, the initramfs rebuilt before the boot loader is regenerated — so the
/// host reboots once and the verification after that reboot covers both. It only reads the host.
/// </summary>
public static class HostChangePlanner
{
    public static HostChangePlanResult Plan(HostRoot root, ScanReport scan, HostChangeRequest request, BootLoaderDetection? detection = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Steps.Count == 0)
            return new HostChangePlanResult { Outcome = HostChangeOutcome.Error, Request = request, Message = "No step was chosen: plan host (step 2), isolate (step 3) or both." };

        var host = request.Steps.Contains(HostStep.Host);
        var isolate = request.Steps.Contains(HostStep.Isolate);
        var notes = new List<string>();
        var files = new List<FileChange>();
        var initramfsCommands = new List<CommandStep>();
        var bootCommands = new List<CommandStep>();
        var summaries = new List<string>();
        var expectations = new StepExpectations { Steps = request.Steps };

        VfioBindingPlan? binding = null;
        InitramfsDetection? initramfsDetection = null;
        InitramfsPlan? initramfs = null;
        if (isolate && request.Gpu is null)
            return new HostChangePlanResult
            {
                Outcome = HostChangeOutcome.Error,
                Request = request,
                Message = scan.Gpus.Count == 0
                    ? "Step 3 isolates a graphics card, and the scan found none on this host: there is nothing to isolate. Step 2 (host) can still be planned on its own."
                    : "Step 3 needs the card to pass through: choose one of the cards the scan lists.",
            };
        if (isolate)
        {
            binding = VfioBindingPlanner.Plan(root, scan, new IsolationRequest { Gpu = request.Gpu!.Value, SingleGpuChosen = request.SingleGpuChosen });
            if (binding.IsRefused || binding.Changes is null || binding.Payload is null)
            {
                var refusals = binding.Safety.Refusals.Select(r => new StepRefusal
                {
                    Step = HostStep.Isolate,
                    Why = r.Why,
                    WhatToDo = r.WhatToDo,
                    LiftedBySingleGpuChoice = r.LiftedBySingleGpuChoice,
                }).ToList();
                return new HostChangePlanResult
                {
                    Outcome = HostChangeOutcome.Refused,
                    Request = request,
                    Binding = binding,
                    Refusals = refusals,
                    Message = "Step 3 refuses to isolate this card: " + string.Join(" ", refusals.Select(r => r.Why)),
                    Notes = [binding.Safety.HostDisplay, .. binding.Safety.Warnings],
                };
            }

            initramfsDetection = InitramfsDetector.Detect(root);
            if (initramfsDetection.Active is not { } active)
            {
                return new HostChangePlanResult
                {
                    Outcome = HostChangeOutcome.Manual,
                    Request = request,
                    Binding = binding,
                    InitramfsDetection = initramfsDetection,
                    Message = "The initramfs system that builds this host's images could not be told (" + string.Join(" ", initramfsDetection.Notes) +
                              $") Put these modules into the initramfs by hand, ahead of the GPU drivers: {string.Join(' ', binding.Payload.Modules)}, with {string.Join(", ", binding.Payload.ModprobeFiles)}, then rebuild it.",
                    Notes = binding.Changes.Notes,
                };
            }

            // The initramfs carries vfio.conf as this plan writes it, so its planner sees the planned content.
            initramfs = InitramfsPlanners.For(active.System).Plan(root, binding.Payload, initramfsDetection.Kernels);
            if (initramfs.IsBlocked)
            {
                var refusals = initramfs.Findings.Where(f => f.Severity == InitramfsFindingSeverity.Blocking).Select(f => new StepRefusal
                {
                    Step = HostStep.Isolate,
                    Why = f.ToString(),
                    WhatToDo = $"Fix {f.Path} by hand (or remove what blocks), then plan again.",
                }).ToList();
                return new HostChangePlanResult
                {
                    Outcome = HostChangeOutcome.Refused,
                    Request = request,
                    Binding = binding,
                    InitramfsDetection = initramfsDetection,
                    Initramfs = initramfs,
                    Refusals = refusals,
                    Message = $"The {InitramfsDetector.Name(active.System)} configuration keeps the isolation from working: " + string.Join(" ", refusals.Select(r => r.Why)),
                    Notes = binding.Changes.Notes,
                };
            }

            files.AddRange(binding.Changes.Files);
            files.AddRange(initramfs.Plan.Files);
            initramfsCommands.AddRange(initramfs.Plan.Commands);
            if (initramfs.Plan.Commands.Count == 0 && !binding.Changes.IsEmpty)
                initramfsCommands.AddRange(InitramfsPlanners.Regeneration(active.System, initramfsDetection.Kernels));
            notes.AddRange(binding.Changes.Notes);
            notes.Add($"The initramfs is built by {InitramfsDetector.Name(active.System)} ({string.Join(" ", active.Evidence)}).");
            notes.AddRange(initramfs.Plan.Notes);
            if (!binding.Changes.IsEmpty || !initramfs.Plan.IsEmpty) summaries.Add(binding.Changes.Summary);
            expectations = expectations with { PassedFunctions = binding.Functions, HostGpu = binding.Safety.HostGpu };
        }

        var vfioIds = binding?.KernelParameters.Where(p => p.StartsWith("vfio-pci.ids=", StringComparison.Ordinal))
            .SelectMany(p => p["vfio-pci.ids=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList() ?? [];
        if (binding is not null && !host && binding.KernelParameters.Count > 0)
            notes.Add($"vfio-pci is built into the kernel, so it needs {string.Join(' ', binding.KernelParameters)} on the kernel command line: plan host,isolate to have step 2 write it, or add it by hand.");
        else if (binding is not null && binding.KernelParameters.Any(p => !p.StartsWith("vfio-pci.ids=", StringComparison.Ordinal)))
            notes.Add($"Add {string.Join(' ', binding.KernelParameters.Where(p => !p.StartsWith("vfio-pci.ids=", StringComparison.Ordinal)))} to the kernel command line by hand: vfio-pci is built into the kernel, and the boot loader step writes only vfio-pci.ids= for it.");

        CommandLinePlanResult? bootLoader = null;
        if (host)
        {
            bootLoader = KernelCommandLinePlanner.Plan(root, scan.Cpu.Vendor, new KernelCommandLineOptions
            {
                PassingBootGpu = request.PassingBootGpu,
                AcsOverride = request.AcsOverride,
                VfioPciIds = vfioIds,
                Detection = detection,
            });
            switch (bootLoader.Outcome)
            {
                case CommandLinePlanOutcome.Error:
                    return new HostChangePlanResult
                    {
                        Outcome = HostChangeOutcome.Error, Request = request, BootLoader = bootLoader, Binding = binding,
                        InitramfsDetection = initramfsDetection, Initramfs = initramfs, Message = bootLoader.Message, Notes = bootLoader.Notes,
                    };
                case CommandLinePlanOutcome.Manual:
                    return new HostChangePlanResult
                    {
                        Outcome = HostChangeOutcome.Manual, Request = request, BootLoader = bootLoader, Binding = binding,
                        InitramfsDetection = initramfsDetection, Initramfs = initramfs,
                        Message = bootLoader.Message + (isolate ? " Step 3 can still be planned on its own (isolate)." : ""),
                        Notes = bootLoader.Notes,
                    };
            }
            var plan = bootLoader.Plan!;
            files.InsertRange(0, plan.Files);
            bootCommands.AddRange(plan.Commands);
            notes.InsertRange(0, plan.Notes);
            if (!plan.IsEmpty) summaries.Insert(0, plan.Summary);
            expectations = expectations with
            {
                KernelParameters = bootLoader.Parameters.Wanted.Select(w => w.Parameter.Text).ToList(),
                ForbiddenParameters = bootLoader.Parameters.Unwanted.SelectMany(u => u.Values.Select(v => $"{u.Name}={v}")).ToList(),
            };
        }

        var duplicate = files.Where(f => !f.IsNoOp).GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return new HostChangePlanResult
            {
                Outcome = HostChangeOutcome.Error, Request = request, BootLoader = bootLoader, Binding = binding,
                InitramfsDetection = initramfsDetection, Initramfs = initramfs,
                Message = $"Steps 2 and 3 both want to change {duplicate.Key}; the edits cannot be merged safely. Plan the steps one at a time.",
            };

        // The initramfs first: on UKI hosts the boot loader step rebuilds the image that embeds it, and grub.cfg
        // lists the initramfs images, so regenerating the boot loader last picks up both.
        var commands = new List<CommandStep>();
        foreach (var command in initramfsCommands.Concat(bootCommands))
        {
            if (commands.Any(c => c.Command.Display == command.Command.Display)) continue;
            commands.Add(command);
        }

        var names = request.Steps.Select(HostSteps.NameOf).ToList();
        var merged = new ChangePlan
        {
            Steps = names,
            Summary = summaries.Count == 0 ? NothingToDo(request) : string.Join(" ", summaries),
            Files = files.Where(f => !f.IsNoOp).ToList(),
            Commands = commands,
            Notes = notes.Distinct(StringComparer.Ordinal).ToList(),
            NeedsReboot = files.Any(f => !f.IsNoOp) || commands.Count > 0,
        };
        if (host && isolate && !merged.IsEmpty) merged = merged with { Notes = [.. merged.Notes, "Steps 2 and 3 are one change set: apply it, reboot once, and the verification after that reboot checks both."] };
        return new HostChangePlanResult
        {
            Outcome = HostChangeOutcome.Planned,
            Request = request,
            Plan = merged,
            Expectations = expectations,
            BootLoader = bootLoader,
            Binding = binding,
            InitramfsDetection = initramfsDetection,
            Initramfs = initramfs,
            Notes = merged.Notes,
        };
    }

    private static string NothingToDo(HostChangeRequest request) =>
        request.Steps.Count == 2
            ? "Steps 2 and 3 are already in place on this host: nothing to change."
            : request.Steps[0] == HostStep.Host
                ? "The kernel command line already has the IOMMU parameters: nothing to change."
                : "The card is already set up for vfio-pci: nothing to change.";
}
