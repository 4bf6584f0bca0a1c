using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Services.Agents;

/// <summary>
/// An agent's answers for step 4 (its VMs, a VM's plan and apply, a new VM's plan and creation, a shutdown) read back
/// into what <see cref="VmSteps"/> answers here, so step 4's card draws an agent's host as it draws this app's own.
/// What the documents leave out stays out: the VM's definition as read (the plan holds its XML before and after) and
/// a new VM's resolved choices (the plan's XML holds them).
/// </summary>
public static class AgentVmAnswers
{
    public static VmListing List(StepHost host, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.VmListDocument) is not { } document)
            return new VmListing
            {
                Vms = new LibvirtResult<IReadOnlyList<DomainSummary>> { Error = new LibvirtError { Kind = LibvirtErrorKind.NotReachable, Message = answer.Message, Detail = "" } },
                Connection = "",
                ChangesLibvirt = false,
                Target = $"Step 4 changes the libvirt of {host.Name} through its agent, which did not answer: {answer.Message}",
            };
        return new VmListing
        {
            Vms = document.Error is { } error
                ? new LibvirtResult<IReadOnlyList<DomainSummary>> { Error = Error(error) }
                : new LibvirtResult<IReadOnlyList<DomainSummary>> { Value = [.. document.Vms.Select(v => new DomainSummary { Name = v.Name, State = Enum.Parse<DomainState>(v.State, ignoreCase: true) })] },
            Connection = document.Connection,
            ChangesLibvirt = document.ChangesLibvirt ?? false,
            Target = document.Libvirt ?? $"The VM changes go to the libvirt of {host.Name}'s agent at {document.Connection}.",
        };
    }

    /// <summary>The shutdown the agent asked libvirt for; its refusal (offline, no answer) as libvirt's failure, with the reason.</summary>
    public static Permitted<LibvirtResult<string>> Shutdown(string vm, Actor actor, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Refusal == StepAnswerRefusal.NotAllowed) return new Permitted<LibvirtResult<string>>(new NotAllowed(actor, Role.Operator, "shut VMs down"));
        if (Read(answer, CliJsonContext.Output.VmListDocument) is not { } document)
            return new Permitted<LibvirtResult<string>>(new LibvirtResult<string> { Error = new LibvirtError { Kind = LibvirtErrorKind.Failed, Message = answer.Message, Detail = "" } });
        return new Permitted<LibvirtResult<string>>(document.Error is { } error
            ? new LibvirtResult<string> { Error = Error(error) }
            : new LibvirtResult<string> { Value = $"Asked {vm} to shut down cleanly (ACPI)." });
    }

    /// <summary>The agent's host's CPUs and memory; null when the agent could not answer.</summary>
    public static HostResources? HostResources(StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return Read(answer, CliJsonContext.Output.HostResourcesDocument) is { } document
            ? new HostResources { LogicalCpus = document.LogicalCpus, ThreadsPerCore = document.ThreadsPerCore, MemoryBytes = document.MemoryBytes }
            : null;
    }

    public static VmPlanResult Plan(VmStepOptions options, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(answer);
        return Read(answer, CliJsonContext.Output.VmPlanDocument) is { } document
            ? Plan(document)
            : new VmPlanResult { Outcome = VmPlanOutcome.Error, Request = RequestOf(options, ""), Message = answer.Message };
    }

    public static VmApplyResult Apply(VmStepOptions options, Actor actor, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.VmApplyDocument) is not { } document) return Refused(actor, "change VMs", answer);
        var planned = document.Plan is { } plan ? Plan(plan) : null;
        return new VmApplyResult
        {
            Outcome = Enum.Parse<Services.StepApplyOutcome>(document.Outcome, ignoreCase: true),
            ChangeSetId = Guid.TryParse(document.ChangeSetId, out var id) ? id : null,
            Message = document.Message,
            Commands = [.. document.Commands.Select(AgentAnswers.Run)],
            Plan = planned?.Plan,
            Planned = planned,
        };
    }

    public static VmCreationResult Creation(NewVmRequest request, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        return Read(answer, CliJsonContext.Output.CreateVmDocument) is { } document
            ? Creation(request, document)
            : new VmCreationResult { Request = request, Findings = [new VmCreationFinding { Severity = FindingSeverity.Refusal, Subject = "host", Message = answer.Message }] };
    }

    public static VmApplyResult Create(NewVmRequest request, Actor actor, StepAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        if (Read(answer, CliJsonContext.Output.CreateVmDocument) is not { } document) return Refused(actor, "create VMs", answer);
        var creation = Creation(request, document);
        return new VmApplyResult
        {
            Outcome = Enum.Parse<Services.StepApplyOutcome>(document.Outcome, ignoreCase: true),
            ChangeSetId = Guid.TryParse(document.ChangeSetId, out var id) ? id : null,
            Message = document.Message,
            Commands = [.. document.Commands.Select(AgentAnswers.Run)],
            Plan = creation.Plan,
            Creation = creation,
        };
    }

    private static VmPlanResult Plan(VmPlanDocument document)
    {
        var outcome = Enum.Parse<VmPlanOutcome>(document.Outcome, ignoreCase: true);
        var gpu = PciAddress.TryParse(document.Gpu, out var parsed) && parsed is { } address ? address : default;
        return new VmPlanResult
        {
            Outcome = outcome,
            Request = new VmPlanRequest { Connection = document.Connection, DomainName = document.Vm, Gpu = gpu, IsolatedFunctions = [] },
            Message = document.Message,
            Findings = [.. document.Findings.Select(f => new VmFinding
            {
                Id = f.Id, Severity = Enum.Parse<VmFindingSeverity>(f.Severity, ignoreCase: true), Explanation = f.Explanation, Fix = f.Fix, FixedByPlan = f.FixedByPlan,
            })],
            // The planner's summary is the message of a planned VM step.
            Plan = outcome == VmPlanOutcome.Planned ? PlanOf(document.Message ?? "", document.Domains, document.Notes) : null,
            PlanId = document.PlanId,
            CardFunctions = [.. document.CardFunctions.Select(f => PciAddress.TryParse(f, out var function) ? function : null).OfType<PciAddress>()],
            CanOfferShutdown = document.CanOfferShutdown,
        };
    }

    private static VmCreationResult Creation(NewVmRequest request, CreateVmDocument document) => new()
    {
        Request = request,
        Plan = document.Outcome == "refused" || document.Summary is null ? null : PlanOf(document.Summary, document.Domains, []),
        PlanId = document.PlanId,
        Findings = [.. document.Findings.Select(f => new VmCreationFinding
        {
            Severity = Enum.Parse<FindingSeverity>(f.Severity, ignoreCase: true), Subject = f.Subject, Message = f.Message, WhatToDo = f.WhatToDo,
        })],
    };

    private static ChangePlan PlanOf(string summary, IReadOnlyList<DomainChangeDocument> domains, IReadOnlyList<string> notes) => new()
    {
        Steps = [VmPlanner.StepName],
        Summary = summary,
        Files = [],
        Commands = [],
        Domains = [.. domains.Select(d => new DomainChange
        {
            Connection = d.Connection, Name = d.Name, Before = d.Before, After = d.After, Reason = d.Reason,
            NewVolume = d.NewVolume is { } v ? new DiskVolume { Pool = v.Pool, Name = v.Name, CapacityBytes = v.CapacityBytes, Format = v.Format } : null,
        })],
        Notes = notes,
    };

    /// <summary>An answer without a document: not allowed, stale, busy, offline or no answer, each as the apply's outcome that says so.</summary>
    private static VmApplyResult Refused(Actor actor, string action, StepAnswer answer) => answer.Refusal switch
    {
        StepAnswerRefusal.NotAllowed => VmApplyResult.NotAllowed(new NotAllowed(actor, Role.Operator, action)),
        StepAnswerRefusal.Stale => new VmApplyResult { Outcome = Services.StepApplyOutcome.Stale, Message = answer.Message },
        StepAnswerRefusal.Busy => new VmApplyResult { Outcome = Services.StepApplyOutcome.Busy, Message = answer.Message },
        _ => new VmApplyResult { Outcome = Services.StepApplyOutcome.Refused, Message = answer.Message },
    };

    private static VmPlanRequest RequestOf(VmStepOptions options, string connection) =>
        new() { Connection = connection, DomainName = options.Vm, Gpu = options.Gpu, IsolatedFunctions = [] };

    private static LibvirtError Error(LibvirtErrorDocument error) => new()
    {
        Kind = Enum.TryParse<LibvirtErrorKind>(error.Kind, ignoreCase: true, out var kind) ? kind : LibvirtErrorKind.Failed,
        Message = error.Message,
        Detail = error.Detail,
    };

    private static T? Read<T>(StepAnswer answer, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        answer.Document is { } document ? JsonSerializer.Deserialize(document, type) : null;
}
