using System.Globalization;
using System.Text;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>Steps 4 and 5 for people: findings with their fixes, the domain XML's diff, the driver advice.</summary>
internal static class VmTextRenderer
{
    public static string Plan(StepHost host, VmPlanResult result)
    {
        var text = new StringBuilder();
        var request = result.Request;
        text.Append("Host     ").Append(host.Name).Append(" (root ").Append(host.Root).Append(")\n");
        text.Append("Step     vm: '").Append(request.DomainName).Append("' at ").Append(request.Connection).Append(" for ").Append(request.Gpu).Append('\n');
        text.Append("Outcome  ").Append(result.IsNothingToDo ? "nothing to do" : result.Outcome.ToString().ToLowerInvariant()).Append('\n');
        if (result.PlanId is { } planId) text.Append("Plan id  ").Append(planId).Append(" (apply --plan-id ").Append(planId).Append(" applies exactly this plan)\n");
        if (result.CardFunctions.Count > 0) text.Append("Card     ").Append(string.Join(", ", result.CardFunctions)).Append('\n');
        if (result.Message is { } message) text.Append('\n').Append(message).Append('\n');
        if (result.Findings.Count > 0)
        {
            text.Append("\nFindings:\n");
            foreach (var f in result.Findings)
            {
                text.Append("  [").Append(f.Severity.ToString().ToLowerInvariant()).Append("] ").Append(f.Id)
                    .Append(f.FixedByPlan ? " (the plan fixes it)" : f.Severity == VmFindingSeverity.Info ? "" : " (the plan does not fix it)").Append('\n');
                text.Append("    ").Append(f.Explanation).Append('\n');
                text.Append("    Fix: ").Append(f.Fix).Append('\n');
            }
        }
        if (result.Plan is { } plan) AppendDomains(text, plan);
        if (result.Plan is { Notes.Count: > 0 } noted)
        {
            text.Append("\nNotes:\n");
            foreach (var note in noted.Notes) text.Append("  - ").Append(note).Append('\n');
        }
        if (result.CanOfferShutdown)
            text.Append("\nThe VM is running. Ask it to shut down cleanly (the ACPI power button; it is never forced off), then plan again:\n  ")
                .Append(VmCommandSupport.ShutdownCommandLine(request.DomainName, request.Connection)).Append('\n');
        return text.ToString();
    }

    public static string Creation(StepHost host, string connection, string libvirt, VmCreationResult result)
    {
        var text = new StringBuilder();
        text.Append("Host     ").Append(host.Name).Append(" (root ").Append(host.Root).Append(")\n");
        text.Append("Step     vm: create '").Append(result.Request.Name).Append("' at ").Append(connection).Append('\n');
        text.Append("libvirt  ").Append(libvirt).Append('\n');
        text.Append("Outcome  ").Append(result.IsRefused ? "refused" : "planned").Append('\n');
        if (result.Plan is { } plan) text.Append('\n').Append(plan.Summary).Append('\n');
        if (result.Blueprint is { } b)
        {
            text.Append('\n');
            text.Append("  Disk      ").Append(b.DiskPath).Append(" (").Append(b.DiskBus).Append(')');
            if (result.Plan is { Domains.Count: > 0 } withDisk && withDisk.Domains[0].NewVolume is { } volume)
                text.Append(", ").Append(volume.Format).Append(", ").Append(VmSizing.Format(volume.CapacityBytes)).Append(" in pool '").Append(volume.Pool).Append('\'');
            text.Append('\n');
            text.Append("  Firmware  ").Append(b.Firmware.Describe()).Append(b.Tpm ? ", TPM 2.0 (swtpm)" : "").Append('\n');
            text.Append("  Network   ").Append(b.Network).Append(" (").Append(b.NetworkModel).Append(")\n");
            text.Append("  GPU       ").Append(b.GpuFunctions.Count == 0 ? "none yet" : string.Join(", ", b.GpuFunctions))
                .Append(b.HideHypervisor ? " (hypervisor hidden)" : "").Append('\n');
        }
        if (result.Findings.Count > 0)
        {
            text.Append("\nFindings:\n");
            foreach (var f in result.Findings)
            {
                text.Append("  [").Append(f.Severity.ToString().ToLowerInvariant()).Append("] ").Append(f.Subject).Append(": ").Append(f.Message).Append('\n');
                if (f.WhatToDo is { } whatToDo) text.Append("    What to do: ").Append(whatToDo).Append('\n');
            }
        }
        if (result.Plan is { } planned) AppendDomains(text, planned);
        return text.ToString();
    }

    /// <summary>What apply or create-vm did, for stderr: the message and every virsh call with its exit code.</summary>
    public static string Applied(VmApplyResult result)
    {
        var text = new StringBuilder();
        text.Append(result.Message).Append('\n');
        foreach (var run in result.Commands)
        {
            text.Append("  ").Append(run.Status.ToString().ToLowerInvariant().PadRight(9)).Append(' ').Append(run.Step.Command.Display);
            if (run.Result is { Started: true } r) text.Append(CultureInfo.InvariantCulture, $" (exit {r.ExitCode})");
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Guest(StepHost host, PciAddress gpu, GuestStepReport report)
    {
        var text = new StringBuilder();
        text.Append("Host     ").Append(host.Name).Append(" (root ").Append(host.Root).Append(")\n");
        text.Append("Step     guest drivers: '").Append(report.Vm).Append("' at ").Append(report.Connection).Append(" for ").Append(gpu).Append('\n');
        text.Append("Done     ").Append(report.MarkedDoneAt is { } at ? "marked done " + at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "not marked done yet").Append('\n');
        if (report.Problem is { } problem) text.Append("\nThe checks could not be made: ").Append(problem).Append('\n');
        if (report.Report is not { } r) return text.ToString();

        text.Append("\nChecks:\n");
        foreach (var check in r.Checks)
            text.Append("  ").Append(check.Outcome.ToString().ToLowerInvariant().PadRight(8)).Append(' ').Append(check.Subject).Append(": ").Append(check.Message).Append('\n');

        var advice = r.Advice;
        text.Append("\nDriver for ").Append(advice.GpuName).Append(":\n");
        if (advice.DownloadPage is { } page) text.Append("  Download page  ").Append(page).Append('\n');
        text.Append("  What to take   ").Append(advice.WhatToDownload).Append('\n');
        if (advice.NvidiaGeneration is { } generation) text.Append("  Generation     ").Append(generation.Name).Append('\n');
        text.Append("  Hide the hypervisor: ").Append(advice.HiddenHypervisor.Need switch
        {
            HiddenHypervisorNeed.Required => "required",
            HiddenHypervisorNeed.Recommended => "recommended",
            _ => "not needed",
        }).Append(". ").Append(advice.HiddenHypervisor.Reason).Append('\n');
        if (advice.WhatYouShouldSee.Count > 0)
        {
            text.Append("  What you should see when it works:\n");
            foreach (var item in advice.WhatYouShouldSee) text.Append("    - ").Append(item).Append('\n');
        }
        if (advice.Notes.Count > 0)
        {
            text.Append("  Notes:\n");
            foreach (var note in advice.Notes) text.Append("    - ").Append(note).Append('\n');
        }
        AppendProblems(text, "Problems the checks point at now", r.DetectedProblems);
        AppendProblems(text, "Problems to watch for with this card", r.ProblemsToWatch);
        if (r.AllPassed && report.MarkedDoneAt is null)
            text.Append("\nEvery check passed. When you have seen the driver work in the guest, record it: add --done.\n");
        return text.ToString();
    }

    private static void AppendProblems(StringBuilder text, string title, IReadOnlyList<KnownProblem> problems)
    {
        if (problems.Count == 0) return;
        text.Append('\n').Append(title).Append(":\n");
        foreach (var p in problems)
        {
            text.Append("  ").Append(p.Title).Append('\n');
            text.Append("    Symptom: ").Append(p.Symptom).Append('\n');
            text.Append("    Cause:   ").Append(p.Cause).Append('\n');
            text.Append("    Fix (step ").Append((int)p.FixStep).Append("): ").Append(p.Fix).Append('\n');
        }
    }

    private static void AppendDomains(StringBuilder text, ChangePlan plan)
    {
        foreach (var domain in plan.Domains.Where(d => !d.IsNoOp))
        {
            text.Append("\n# ").Append(UnifiedDiff.DomainLabel(domain)).Append(domain.Creates ? " (new)" : "").Append(" at ").Append(domain.Connection).Append(": ").Append(domain.Reason).Append('\n');
            text.Append(UnifiedDiff.Render(domain));
        }
    }
}
