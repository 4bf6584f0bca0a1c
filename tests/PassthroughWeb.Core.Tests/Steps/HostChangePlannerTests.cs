using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Steps;

public sealed class HostChangePlannerTests : IDisposable
{
    private readonly GuideWorkstation _host = new();

    public void Dispose() => _host.Dispose();

    private HostChangePlanResult Plan(params HostStep[] steps) =>
        HostChangePlanner.Plan(_host.Root, _host.Scan(), new HostChangeRequest { Gpu = SampleWorkstation.GuestGpu, Steps = steps });

    [Fact]
    public void Plan_HostAndIsolateOnTheGuideWorkstation_OnePlanWithTheFilesOfBothSteps()
    {
        var host = Plan(HostStep.Host);
        var isolate = Plan(HostStep.Isolate);
        var both = Plan(HostStep.Host, HostStep.Isolate);

        Assert.Equal(HostChangeOutcome.Planned, both.Outcome);
        var plan = both.Plan!;
        Assert.Equal(["host", "isolate"], plan.Steps);
        Assert.Equal(host.Plan!.Files.Select(f => f.Path).Concat(isolate.Plan!.Files.Select(f => f.Path)), plan.Files.Select(f => f.Path));
        Assert.Contains("/etc/default/grub", plan.Files.Select(f => f.Path));
        Assert.Contains("/etc/modprobe.d/vfio.conf", plan.Files.Select(f => f.Path));
        Assert.Contains(MkinitcpioPlanner.MainConfig, plan.Files.Select(f => f.Path));
        // The initramfs is rebuilt before grub.cfg is generated, each once.
        Assert.Equal(["mkinitcpio -P", "grub-mkconfig -o /boot/grub/grub.cfg"], plan.Commands.Select(c => c.Command.Display));
        Assert.True(plan.NeedsReboot);
        Assert.Equal(["intel_iommu=on", "iommu=pt"], both.Expectations!.KernelParameters);
        Assert.Equal([SampleWorkstation.GuestGpu, SampleWorkstation.GuestGpu with { Function = 1 }], both.Expectations.PassedFunctions);
        Assert.Equal(SampleWorkstation.HostGpu, both.Expectations.HostGpu);
    }

    [Fact]
    public void Plan_GuideWorkstation_BindsByAddressBecauseTheAudioIdsCollide()
    {
        var result = Plan(HostStep.Isolate);

        Assert.Equal(BindingMethod.ByAddress, result.Binding!.Method);
        var vfio = result.Plan!.Files.Single(f => f.Path == "/etc/modprobe.d/vfio.conf").After;
        Assert.DoesNotContain("ab28", vfio, StringComparison.Ordinal);
        Assert.Equal(InitramfsSystem.Mkinitcpio, result.Initramfs!.System);
        Assert.Contains(MkinitcpioPlanner.RuntimeHook, result.Plan.Files.Select(f => f.Path));
    }

    [Fact]
    public void Plan_StepsAlreadyInPlace_IsNothingToDo()
    {
        using var done = new GuideWorkstation(beforeStep2: false);
        var result = HostChangePlanner.Plan(done.Root, done.Scan(), new HostChangeRequest { Gpu = SampleWorkstation.GuestGpu, Steps = [HostStep.Host] });

        Assert.Equal(HostChangeOutcome.Planned, result.Outcome);
        Assert.True(result.IsNothingToDo, string.Join("\n", result.Plan!.Files.Select(f => f.Path)));
    }

    [Fact]
    public void Plan_TheHostsBootDisplay_RefusedWithTheReason()
    {
        var result = HostChangePlanner.Plan(_host.Root, _host.Scan(), new HostChangeRequest { Gpu = SampleWorkstation.HostGpu, Steps = [HostStep.Host, HostStep.Isolate] });

        Assert.Equal(HostChangeOutcome.Refused, result.Outcome);
        Assert.Null(result.Plan);
        var refusal = Assert.Single(result.Refusals);
        Assert.Equal(HostStep.Isolate, refusal.Step);
        Assert.True(refusal.LiftedBySingleGpuChoice);
        Assert.Contains("boot_vga=1", refusal.Why, StringComparison.Ordinal);
        Assert.Contains("boot_vga=1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoBootLoaderConfiguration_ManualWithTheParameters()
    {
        File.Delete(_host.MachinePath("etc/default/grub"));
        File.Delete(_host.MachinePath("boot/grub/grub.cfg"));

        var result = Plan(HostStep.Host, HostStep.Isolate);

        Assert.Equal(HostChangeOutcome.Manual, result.Outcome);
        Assert.Contains("intel_iommu=on iommu=pt", result.Message, StringComparison.Ordinal);
        Assert.Contains("isolate", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AppliedPlanPlannedAgain_IsNothingToDo()
    {
        var first = Plan(HostStep.Host, HostStep.Isolate).Plan!;
        foreach (var file in first.Files) _host.Root.WriteText(file.Path, file.After);

        var again = Plan(HostStep.Host, HostStep.Isolate);

        Assert.True(again.IsNothingToDo, string.Join("\n", again.Plan!.Files.Select(f => f.Path)));
    }
}
