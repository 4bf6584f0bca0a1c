using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Steps.Vm;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Tests.Components.Steps.Vm;

public sealed class VmFindingsViewTests : BunitContext
{
    public VmFindingsViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static VmFinding Finding(string id, VmFindingSeverity severity, bool fixedByPlan) => new()
    {
        Id = id, Severity = severity, FixedByPlan = fixedByPlan, Explanation = $"{id} explained.", Fix = $"{id} fixed.",
    };

    [Fact]
    public void Render_FindingsOfEverySeverity_WhatBlocksComesFirstAndOnlyPlannedFixesSayFixedByThePlan()
    {
        var view = Render<VmFindingsView>(p => p.Add(v => v.Findings,
        [
            Finding("hostdev-missing", VmFindingSeverity.Warning, fixedByPlan: true),
            Finding("hypervisor-visible", VmFindingSeverity.Info, fixedByPlan: false),
            Finding("vm-running", VmFindingSeverity.Blocking, fixedByPlan: false),
            Finding("function-not-isolated", VmFindingSeverity.Warning, fixedByPlan: false),
        ]));

        var items = view.FindAll("[data-testid=vm-finding]");
        Assert.Equal(["vm-running", "hostdev-missing", "function-not-isolated", "hypervisor-visible"], items.Select(i => i.GetAttribute("data-id")));
        Assert.Contains("blocks the change", items[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(["hostdev-missing"], view.FindAll("[data-testid=vm-finding]:has([data-testid=fixed-by-plan])").Select(i => i.GetAttribute("data-id")));
        Assert.Contains("The plan: hostdev-missing fixed.", items[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Fix: vm-running fixed.", items[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoFindings_SaysTheVmIsSetUpRight()
    {
        var view = Render<VmFindingsView>(p => p.Add(v => v.Findings, []));

        Assert.Contains("set up the way passthrough needs", view.Find("[data-testid=vm-findings-none]").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=vm-finding]"));
    }
}
