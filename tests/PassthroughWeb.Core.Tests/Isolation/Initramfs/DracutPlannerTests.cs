using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class DracutPlannerTests
{
    private static readonly InstalledKernel Kernel = new() { Version = "6.8.5-301.fc40.x86_64", ModulesDirectory = "/lib/modules/6.8.5-301.fc40.x86_64", Major = 6, Minor = 8 };

    [Fact]
    public async Task Plan_ByAddress_WritesTenVfioConfAndAModuleWhoseHookSurvivesExit()
    {
        using var host = new InitramfsTestRoot();

        var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel]);
        host.Apply(plan.Plan);

        Assert.Equal(
            "# Written by PassthroughWeb (step 3): load vfio-pci before any GPU driver and carry its configuration.\n"
            + "force_drivers+=\" vfio_pci vfio vfio_iommu_type1 \"\ninstall_items+=\" /etc/modprobe.d/vfio.conf \"\nadd_dracutmodules+=\" vfio-bind \"\n",
            host.Read(DracutPlanner.DropIn));
        Assert.Equal(["dracut --regenerate-all -f"], plan.Plan.Commands.Select(c => c.Command.Display));

        // dracut sources hooks from its own init: the script's exit must not end the sourcing shell.
        var hook = host.PathOf(DracutPlanner.HookScript);
        var probe = await new Core.Host.ProcessCommandRunner().RunAsync(
            new Core.Host.CommandRequest("sh", ["-c", ". \"$1\"; echo still-running", "sh", hook]), TestContext.Current.CancellationToken);
        Assert.Equal("still-running\n", probe.StandardOutput);
        Assert.Contains("inst_hook pre-udev 00 \"$moddir/vfio-bind.sh\"", host.Read(DracutPlanner.ModuleSetup), StringComparison.Ordinal);
        Assert.True(new DracutPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel]).Plan.IsEmpty);
    }

    [Fact]
    public void Plan_ById_NeedsNoModule()
    {
        using var host = new InitramfsTestRoot();

        var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        var change = Assert.Single(plan.Plan.Files);
        Assert.DoesNotContain("add_dracutmodules", change.After, StringComparison.Ordinal);
        Assert.Equal(["etc/modprobe.d/vfio.conf"], plan.Expectation.Files.Select(f => f.ImagePath));
    }

    [Fact]
    public void Plan_LaterDropInReplacesForceDrivers_Blocks()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/dracut.conf.d/99-local.conf", "force_drivers=\"nvme\"\n");

        var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Findings, f => f.Severity == InitramfsFindingSeverity.Blocking && f.Line == 1 && f.Message.Contains("would drop what the plan puts there", StringComparison.Ordinal));
    }
}
