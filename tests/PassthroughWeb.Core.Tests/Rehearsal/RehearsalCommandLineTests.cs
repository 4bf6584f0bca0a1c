using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Rehearsal;

public sealed class RehearsalCommandLineTests
{
    [Fact]
    public void Build_HostLineAndPlan_DropsTheHostsDisksKeepsTheRestAndAppliesThePlan()
    {
        var expectations = new StepExpectations
        {
            Steps = [HostStep.Host],
            KernelParameters = ["intel_iommu=on", "iommu=pt"],
            ForbiddenParameters = ["intel_iommu=off"],
        };

        var line = RehearsalCommandLine.Build(
            "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=UUID=2f1c ro quiet splash intel_iommu=off iommu=soft mitigations=auto rd.luks.uuid=abc resume=/dev/sda2",
            expectations, ["intel_iommu=off"]);

        Assert.Equal("console=ttyS0 quiet panic=-1 rd.shell=0 rd.emergency=poweroff no_timer_check mitigations=auto intel_iommu=on iommu=pt intel_iommu=off", line);
    }

    [Fact]
    public void Build_NoHostLineNoPlan_OnlyTheRehearsalsOwnParameters()
    {
        Assert.Equal(string.Join(' ', RehearsalCommandLine.RehearsalParameters), RehearsalCommandLine.Build(null, null, []));
    }
}
