using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// <c>apply --steps vm --plan-id</c> on the real libvirtd: the VM is redefined only while its definition is the one the
/// plan was shown for; a change made through virsh in between makes the plan stale (exit 22) and leaves the VM alone.
/// </summary>
[Collection(LibvirtCliCollection.Name)]
public sealed class VmApplyPlanIdTests(LibvirtDaemon daemon) : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    private string[] VmArgs(TestDomain domain) => ["--steps", "vm", "--vm", domain.Name, "--gpu", Gpu, "--connect", LibvirtDaemon.Uri, "--root", _host.Path];

    private async Task<string> PlanIdAsync(TestDomain domain)
    {
        var plan = await Run(["plan", .. VmArgs(domain), "--json"]);
        Assert.True(plan.ExitCode == ExitCodes.Success, plan.ToString());
        var planId = JsonDocument.Parse(plan.StandardOutput).RootElement.GetProperty("planId").GetString();
        Assert.Matches(@"\Apl_[0-9a-f]{24}\z", planId);
        return planId!;
    }

    [Fact]
    public async Task ApplyWithPlanId_DomainUnchanged_RedefinesIt()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-planid");
        var planId = await PlanIdAsync(domain);

        var apply = await Run(["apply", .. VmArgs(domain), "--yes", "--plan-id", planId]);

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyWithThePlanIdAlone_UsesTheVmCardAndConnectionThatWereShown()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-idalone");
        var planId = await PlanIdAsync(domain);

        var apply = await Run("apply", "--plan-id", planId, "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        Assert.Contains("<hostdev", await domain.InactiveXmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyWithPlanId_DomainChangedThroughVirshMeanwhile_Exits22AndLeavesTheVmAlone()
    {
        daemon.Require();
        await using var domain = await TestDomain.DefineAsync(daemon, "cli-stale");
        var planId = await PlanIdAsync(domain);
        await daemon.MustAsync("desc", "--domain", domain.Name, "--config", "--new-desc", "Windows 11 for games");
        var changed = await domain.InactiveXmlAsync();

        var apply = await Run(["apply", .. VmArgs(domain), "--yes", "--plan-id", planId]);

        Assert.True(apply.ExitCode == ExitCodes.PlanStale, apply.ToString());
        Assert.Contains($"the VM {domain.Name}'s definition changed since the plan was shown", apply.StandardError, StringComparison.Ordinal);
        Assert.Empty(apply.StandardOutput);
        Assert.Equal(changed, await domain.InactiveXmlAsync());
        Assert.DoesNotContain("<hostdev", changed, StringComparison.Ordinal);
    }
}
