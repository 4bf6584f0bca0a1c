using System.Text.Json;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli.Json;

/// <summary>Maps the VM step service's answers (steps 4 and 5) to the CLI's JSON contract, field by field.</summary>
internal static class VmDocumentMapper
{
    public static VmPlanDocument Plan(StepHost host, VmPlanResult result) => new()
    {
        SchemaVersion = VmPlanDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = host.Name, Root = host.Root },
        Steps = [VmPlanner.StepName],
        Connection = result.Request.Connection,
        Vm = result.Request.DomainName,
        Gpu = result.Request.Gpu.ToString(),
        Outcome = Name(result.Outcome.ToString()),
        PlanId = result.PlanId,
        NothingToDo = result.IsNothingToDo,
        Message = result.Message,
        CardFunctions = [.. result.CardFunctions.Select(f => f.ToString())],
        Findings = [.. result.Findings.Select(f => new VmFindingDocument
        {
            Id = f.Id, Severity = Name(f.Severity.ToString()), Explanation = f.Explanation, Fix = f.Fix, FixedByPlan = f.FixedByPlan,
        })],
        Domains = Domains(result.Plan),
        Notes = result.Plan?.Notes ?? [],
        CanOfferShutdown = result.CanOfferShutdown,
        ShutdownCommand = result.CanOfferShutdown ? VmCommandSupport.ShutdownCommandLine(result.Request.DomainName, result.Request.Connection) : null,
    };

    public static VmApplyDocument Apply(StepHost host, VmApplyResult result) => new()
    {
        SchemaVersion = VmApplyDocument.CurrentSchemaVersion,
        Outcome = Name(result.Outcome.ToString()),
        ChangeSetId = result.ChangeSetId?.ToString(),
        Message = result.Message,
        Commands = [.. result.Commands.Select(StepDocumentMapper.Run)],
        Plan = result.Planned is null ? null : Plan(host, result.Planned),
    };

    public static VmListDocument List(string connection, IReadOnlyList<DomainSummary> domains, IReadOnlyDictionary<string, DomainDefinition?> definitions) => new()
    {
        SchemaVersion = VmListDocument.CurrentSchemaVersion,
        Connection = connection,
        Vms = [.. domains.Select(d => new VmDocument
        {
            Name = d.Name,
            State = Name(d.State.ToString()),
            Hostdevs = definitions.GetValueOrDefault(d.Name) is { } definition ? [.. definition.PciHostdevs.Select(h => h.Source.ToString())] : null,
        })],
    };

    /// <summary>create-vm: <paramref name="applied"/> is null for the plan alone (no <c>--yes</c>).</summary>
    public static CreateVmDocument Create(StepHost host, string connection, bool changesLibvirt, string libvirt, VmCreationResult planned, VmApplyResult? applied) => new()
    {
        SchemaVersion = CreateVmDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = host.Name, Root = host.Root },
        Connection = connection,
        ChangesLibvirt = changesLibvirt,
        Libvirt = libvirt,
        Name = planned.Request.Name,
        Outcome = applied is null ? (planned.IsRefused ? "refused" : "planned") : Name(applied.Outcome.ToString()),
        PlanId = planned.PlanId,
        Created = changesLibvirt && applied is { Outcome: StepApplyOutcome.Applied },
        ChangeSetId = applied?.ChangeSetId?.ToString(),
        Summary = planned.Plan?.Summary,
        Message = applied?.Message ?? VmCommandSupport.CreationMessage(planned),
        Findings = [.. planned.Findings.Select(f => new CreationFindingDocument
        {
            Severity = Name(f.Severity.ToString()), Subject = f.Subject, Message = f.Message, WhatToDo = f.WhatToDo,
        })],
        Vm = planned.Blueprint is { } b
            ? new NewVmDocument
            {
                Name = b.Name,
                Windows = b.Windows == WindowsVersion.Windows11 ? "11" : "10",
                DomainType = b.DomainType,
                Vcpus = b.VirtualCpus,
                MemoryBytes = b.MemoryBytes,
                DiskPath = b.DiskPath,
                DiskBus = b.DiskBus,
                Firmware = b.Firmware.Describe(),
                Tpm = b.Tpm,
                InstallIso = b.InstallIsoPath,
                VirtioWinIso = b.VirtioWinIsoPath,
                Network = b.Network.Kind == NetworkKind.Bridge ? "bridge:" + b.Network.Name : b.Network.Name,
                NetworkModel = b.NetworkModel,
                GpuFunctions = [.. b.GpuFunctions.Select(f => f.ToString())],
                HideHypervisor = b.HideHypervisor,
            }
            : null,
        Domains = Domains(planned.Plan),
        Commands = applied is null ? [] : [.. applied.Commands.Select(StepDocumentMapper.Run)],
    };

    public static GuestDocument Guest(StepHost host, PciAddress gpu, GuestStepReport report) => new()
    {
        SchemaVersion = GuestDocument.CurrentSchemaVersion,
        Host = new HostDocument { Name = host.Name, Root = host.Root },
        Connection = report.Connection,
        Vm = report.Vm,
        Gpu = gpu.ToString(),
        Problem = report.Problem,
        AllPassed = report.Report?.AllPassed ?? false,
        Checks = report.Report is { } r ? [.. r.Checks.Select(c => new GuestCheckDocument { Subject = c.Subject, Outcome = Name(c.Outcome.ToString()), Message = c.Message })] : [],
        DetectedProblems = report.Report is { } d ? [.. d.DetectedProblems.Select(Problem)] : [],
        ProblemsToWatch = report.Report is { } w ? [.. w.ProblemsToWatch.Select(Problem)] : [],
        Advice = report.Report?.Advice is { } a
            ? new DriverAdviceDocument
            {
                Vendor = Name(a.Vendor.ToString()),
                GpuName = a.GpuName,
                DownloadPage = a.DownloadPage,
                WhatToDownload = a.WhatToDownload,
                WhatYouShouldSee = a.WhatYouShouldSee,
                NvidiaGeneration = a.NvidiaGeneration?.Name,
                HideHypervisor = Name(a.HiddenHypervisor.Need.ToString()),
                HideHypervisorReason = a.HiddenHypervisor.Reason,
                Notes = a.Notes,
            }
            : null,
        MarkedDoneAt = report.MarkedDoneAt,
    };

    private static KnownProblemDocument Problem(KnownProblem p) => new()
    {
        Id = Name(p.Id.ToString()), Title = p.Title, Symptom = p.Symptom, Cause = p.Cause, Fix = p.Fix, FixStep = (int)p.FixStep,
    };

    private static IReadOnlyList<DomainChangeDocument> Domains(ChangePlan? plan) =>
        plan is null ? [] : [.. plan.Domains.Where(d => !d.IsNoOp).Select(d => new DomainChangeDocument
        {
            Connection = d.Connection,
            Name = d.Name,
            Reason = d.Reason,
            Creates = d.Creates,
            Before = d.Before,
            After = d.After,
            Diff = UnifiedDiff.Render(d),
            NewVolume = d.NewVolume is { } v ? new DiskVolumeDocument { Pool = v.Pool, Name = v.Name, CapacityBytes = v.CapacityBytes, Format = v.Format } : null,
        })];

    /// <summary>Enum names as the JSON writes them: camelCase (<c>shutOff</c>).</summary>
    private static string Name(string value) => JsonNamingPolicy.CamelCase.ConvertName(value);
}
