using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Data;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Services.Operations;

/// <summary>
/// An imported listing becomes a read-only host: stored with its verdicts for Operators, refused to Viewers and on bad
/// input (nothing stored), and every operation that would read or change the host refuses it with the same message.
/// </summary>
public sealed class ImportOperationTests : IDisposable
{
    private const string Node = "gpu-node-017";
    private readonly TemporaryDataDirectory _data = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    private static async Task<HostImportResult> ImportGuideLoopAsync(TestEngine engine, string name = Node) =>
        await engine.Get<ImportOperation>().ImportAsync(name, SampleWorkstation.ListingText, "iommu.txt", TestActors.Operator, Ct);

    [Fact]
    public async Task Import_OperatorWithTheGuidesLoop_StoresAReadOnlyHostWithItsVerdicts()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var result = await ImportGuideLoopAsync(engine);

        Assert.Equal(HostImportOutcome.Imported, result.Outcome);
        var host = await engine.Hosts.FindHostAsync(Node, Ct);
        Assert.True(host!.IsImported);
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, Ct);
        var store = new ProfileStore(db);
        Assert.Equal(HostSource.Import, (await store.FindHostAsync(Node, Ct))!.Source);
        var stored = (await store.GetLatestAsync(Node, Ct))!.Report;
        Assert.Equal("iommu.txt", stored.Import!.SourceName);
        Assert.Equal([GpuVerdict.Ready, GpuVerdict.Ready], stored.Gpus.Select(g => g.Verdict));

        var again = await ImportGuideLoopAsync(engine);
        Assert.Equal(HostImportOutcome.Imported, again.Outcome);
        Assert.Equal(2, (await store.ListProfilesAsync(Node, Ct)).Count);
    }

    [Fact]
    public async Task Import_Viewer_IsNotAllowedAndNothingIsStored()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var result = await engine.Get<ImportOperation>().ImportAsync(Node, SampleWorkstation.ListingText, null, TestActors.Viewer, Ct);

        Assert.Equal(HostImportOutcome.NotAllowed, result.Outcome);
        Assert.Equal("victor is a Viewer and may not import hosts: that needs the Operator role.", result.Message);
        Assert.Null(await engine.Hosts.FindHostAsync(Node, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0\u0001\u0002")]
    [InlineData("Hello from gpu-node-017\n")]
    public async Task Import_NotAListing_IsInvalidAndNothingIsStored(string text)
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);

        var result = await engine.Get<ImportOperation>().ImportAsync(Node, text, null, TestActors.Operator, Ct);

        Assert.Equal(HostImportOutcome.Invalid, result.Outcome);
        Assert.StartsWith("Nothing was imported. ", result.Message, StringComparison.Ordinal);
        Assert.Null(await engine.Hosts.FindHostAsync(Node, Ct));
    }

    [Fact]
    public async Task Import_UnderTheNameOfAScannedHost_IsRefusedAndTheScanStaysAlone()
    {
        using var workstation = new GuideWorkstation();
        using var engine = await TestEngine.OpenAsync(_data.Path);
        await engine.Scans.ScanAndStoreAsync(workstation.Path, "workstation", isDemo: false, Ct);

        var result = await ImportGuideLoopAsync(engine, "workstation");

        Assert.Equal(HostImportOutcome.NameTaken, result.Outcome);
        var host = await engine.Hosts.FindHostAsync("workstation", Ct);
        Assert.False(host!.IsImported);
        Assert.Equal(workstation.Path, host.Root);
    }

    [Fact]
    public async Task EveryOperation_OnAnImportedHost_RefusesWithTheSameMessage()
    {
        using var engine = await TestEngine.OpenAsync(_data.Path);
        await ImportGuideLoopAsync(engine);
        var host = (await engine.Hosts.FindHostAsync(Node, Ct))!;
        var gpu = SampleWorkstation.GuestGpu;
        var readOnly = ImportedHosts.ReadOnly(Node);

        var plan = await engine.Plan.PlanAsync(host, gpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, Ct);
        Assert.Equal((HostChangeOutcome.Refused, readOnly), (plan.Outcome, plan.Message));
        Assert.Null(plan.Identity);

        var apply = await engine.Apply.ApplyAsync(host, gpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Admin, Ct);
        Assert.Equal((StepApplyOutcome.Refused, "Nothing was changed. " + readOnly), (apply.Outcome, apply.Message));

        var rehearsal = await engine.Rehearse.RehearseAsync(host, gpu, [HostStep.Host, HostStep.Isolate], StepPlanOptions.Default, TestActors.Admin, progress: null, Ct);
        Assert.Equal((RehearsalOutcome.Unavailable, "There is no plan to rehearse: " + readOnly), (rehearsal.Report.Outcome, rehearsal.Report.Summary));

        var verify = await engine.Verify.VerifyAsync(host, TestActors.Admin, Ct);
        Assert.Equal((StepVerifyOutcome.NothingToVerify, readOnly), (verify.Outcome, verify.Message));

        var rescan = await engine.Scans.RescanAsync(Node, TestActors.Admin, Ct);
        Assert.Equal((false, readOnly), (rescan.Succeeded, rescan.Error));

        var vm = await engine.Vms.PlanAsync(host, new VmStepOptions { Vm = "win11", Gpu = gpu }, Ct);
        Assert.Equal((VmPlanOutcome.Refused, readOnly), (vm.Outcome, vm.Message));
        var vmApply = await engine.Vms.ApplyAsync(host, new VmStepOptions { Vm = "win11", Gpu = gpu }, TestActors.Admin, Ct);
        Assert.Equal(StepApplyOutcome.Refused, vmApply.Outcome);

        var creation = await engine.Vms.CreateAsync(host, new NewVmRequest { Name = "win11", Windows = WindowsVersion.Windows11, InstallIsoPath = "/var/lib/libvirt/images/Win11_24H2.iso", Gpu = gpu }, null, TestActors.Admin, Ct);
        Assert.Equal(StepApplyOutcome.Refused, creation.Outcome);
        Assert.Contains(readOnly, creation.Message, StringComparison.Ordinal);

        var shutdown = await engine.Vms.ShutdownAsync(host, null, "win11", TestActors.Admin, Ct);
        Assert.Equal(readOnly, shutdown.Value.Error!.Message);
        var guest = await engine.Vms.CheckGuestAsync(host, gpu, "win11", null, Ct);
        Assert.Equal(readOnly, guest.Problem);

        Assert.Empty((await engine.History.HistoryAsync(Node, Ct)).ChangeSets);
    }
}
