using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Tests.VirtualMachines.Creation;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// Step 4 of an agent's host as its page asks for it (<see cref="VmOperations"/> in the hub): the VMs, the plans and
/// the changes are the agent's, on its own libvirt (its <c>--connect</c>, here the tests' libvirtd, domains of type
/// qemu), recorded in its history; a Viewer lists and plans, only an Operator changes, and only the plan shown.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class VmOperationsAgentTests(LibvirtDaemon daemon, AgentVmHub hub) : IClassFixture<AgentVmHub>
{
    private static readonly Actor Oscar = new("oscar", Role.Operator, AuthenticationMethod.Password);
    private static readonly Actor Valerie = new("valerie", Role.Viewer, AuthenticationMethod.Password);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private VmOperations Vms => (VmOperations)hub.Services.GetService(typeof(VmOperations))!;

    [Fact]
    public async Task AnAgentsVm_ListedAndPlannedByAViewer_ChangedByAnOperatorByThePlanShown_ThenRolledBack()
    {
        daemon.Require();
        using var root = new TemporaryHostRoot();
        HostTreeWriter.Write(root.Root, SampleWorkstation.Spec with { HostName = "gpu-node-061" });
        await using var domain = await TestDomain.DefineAsync(daemon, "agent-page-vm");
        var original = await domain.InactiveXmlAsync();
        var (agent, host) = await hub.StartAgentAsync("gpu-node-061", root.Path);
        await using var _ = agent;

        var listing = await Vms.ListAsync(host, Valerie, Ct);
        Assert.True(listing.Vms.Succeeded, $"{listing.Vms.Error}\n{agent}");
        Assert.Equal(DomainState.ShutOff, Assert.Single(listing.Vms.GetValue(), d => d.Name == domain.Name).State);
        Assert.Equal((LibvirtDaemon.Uri, true), (listing.Connection, listing.ChangesLibvirt));
        Assert.Contains(LibvirtDaemon.Uri, listing.Target, StringComparison.Ordinal);

        var options = new VmStepOptions { Vm = domain.Name, Gpu = SampleWorkstation.GuestGpu };
        var plan = await Vms.PlanAsync(host, options, Valerie, Ct);
        Assert.True(plan.Outcome == VmPlanOutcome.Planned, $"{plan.Message}\n{agent}");
        Assert.StartsWith("pl_", plan.PlanId, StringComparison.Ordinal);
        var change = Assert.Single(plan.Plan!.Domains);
        Assert.Equal((domain.Name, original), (change.Name, change.Before));
        Assert.Contains("bus='0x07'", change.After, StringComparison.Ordinal);
        Assert.Contains(plan.Findings, f => f.Id == "hostdev-missing" && f.FixedByPlan);

        // A Viewer may not change the VM nor shut it down; a plan the agent never showed changes nothing either.
        Assert.Equal(StepApplyOutcome.NotAllowed, (await Vms.ApplyAsync(host, options, plan, Valerie, Ct)).Outcome);
        Assert.NotNull((await Vms.ShutdownAsync(host, domain.Name, Valerie, Ct)).Denied);
        Assert.Equal(StepApplyOutcome.Stale, (await Vms.ApplyAsync(host, options, plan with { PlanId = "pl_0000000000000000" }, Oscar, Ct)).Outcome);
        Assert.Equal(original, await domain.InactiveXmlAsync());

        // A shut-off VM cannot be asked to shut down: libvirt's refusal comes back, and the agent's history keeps the attempt.
        var shutdown = await Vms.ShutdownAsync(host, domain.Name, Oscar, Ct);
        Assert.Null(shutdown.Denied);
        Assert.False(shutdown.Value.Succeeded);

        var applied = await Vms.ApplyAsync(host, options, plan, Oscar, Ct);
        Assert.True(applied.Outcome == StepApplyOutcome.Applied, $"{applied.Message}\n{agent}");
        Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(applied.Commands);

        var history = await Vms.HistoryAsync(host, Valerie, Ct);
        Assert.NotNull(history);
        var set = Assert.Single(history.ChangeSets);
        Assert.Equal((applied.ChangeSetId, "oscar via hub"), (set.Set.Id, set.Set.User));
        Assert.Contains(history.Events, e => e.Kind == VmSteps.ShutdownEvent && e.Passed == false && e.User == "oscar via hub");

        var rolledBack = await Vms.RollbackAsync(host, set.Set.Id, Oscar, Ct);
        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Value.Outcome);
        Assert.Equal(original, await domain.InactiveXmlAsync());
    }

    [Fact]
    public async Task ANewVmOnAnAgentsHost_SizedByTheAgentsHost_PlannedByAViewer_CreatedByAnOperator_ThenRolledBack()
    {
        daemon.Require();
        using var machine = new NewVmHost();
        await using var scratch = await LibvirtScratch.CreateAsync(daemon);
        var name = LibvirtDaemon.NewDomainName("agent-page-new");
        scratch.Track(name);
        var (agent, host) = await hub.StartAgentAsync("gpu-node-062", machine.Root.Path);
        await using var _ = agent;

        var resources = await Vms.HostResourcesAsync(host, Valerie, Ct);
        Assert.Equal((12, 2, NewVmHost.MemoryBytes), (resources?.LogicalCpus, resources?.ThreadsPerCore, resources?.MemoryBytes));

        var request = new NewVmRequest
        {
            Name = name, Windows = WindowsVersion.Windows11, InstallIsoPath = NewVmHost.Win11Iso, Gpu = SampleWorkstation.GuestGpu,
            StoragePool = scratch.Pool, Network = new VmNetwork { Kind = NetworkKind.LibvirtNetwork, Name = scratch.Network },
        };
        var preview = await Vms.PlanCreateAsync(host, request, Valerie, Ct);
        Assert.False(preview.IsRefused, string.Join("\n", preview.Findings) + "\n" + agent);
        Assert.True(Assert.Single(preview.Plan!.Domains).Creates);
        Assert.StartsWith("pl_", preview.PlanId, StringComparison.Ordinal);

        Assert.Equal(StepApplyOutcome.NotAllowed, (await Vms.CreateAsync(host, request, preview, Valerie, Ct)).Outcome);
        // The form changed since the preview: the agent creates only the plan it showed.
        Assert.Equal(StepApplyOutcome.Stale, (await Vms.CreateAsync(host, request with { DiskBytes = 80L << 30 }, preview, Oscar, Ct)).Outcome);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);

        var created = await Vms.CreateAsync(host, request, preview, Oscar, Ct);
        Assert.True(created.Outcome == StepApplyOutcome.Applied, $"{created.Message}\n{agent}");
        Assert.True((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
        Assert.Contains((await Vms.ListAsync(host, Valerie, Ct)).Vms.GetValue(), d => d.Name == name);

        var rolledBack = await Vms.RollbackAsync(host, created.ChangeSetId!.Value, Oscar, Ct);
        Assert.Equal(RollbackOutcome.RolledBack, rolledBack.Value.Outcome);
        Assert.False((await daemon.VirshAsync("domstate", "--domain", name)).Succeeded);
    }
}
