using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class MkinitcpioPlannerTests
{
    private static readonly InstalledKernel Kernel612 = new() { Version = "6.12.4-arch1-1", ModulesDirectory = "/usr/lib/modules/6.12.4-arch1-1", Major = 6, Minor = 12, PackageBase = "linux" };
    private static readonly InstalledKernel Kernel61 = Kernel612 with { Version = "6.1.64-1-lts", Major = 6, Minor = 1, PackageBase = "linux-lts" };

    [Fact]
    public async Task Plan_StockArchConfigByAddress_HooksRunBeforeUdevAndBashSeesTheResult()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "# vim:set ft=sh\nMODULES=(amdgpu)\n\nBINARIES=()\nFILES=()\nHOOKS=(base udev autodetect microcode kms keyboard keymap consolefont block filesystems fsck)\n");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel612]);
        host.Apply(plan.Plan);

        Assert.Equal("# vim:set ft=sh\nMODULES=(vfio_pci vfio vfio_iommu_type1 amdgpu)\n\nBINARIES=()\nFILES=()\nHOOKS=(base vfio-bind udev autodetect modconf microcode kms keyboard keymap consolefont block filesystems fsck)\n",
            host.Read("/etc/mkinitcpio.conf"));
        var values = await ShellProbe.SourceAsync([host.PathOf("/etc/mkinitcpio.conf")], "MODULES", "HOOKS");
        Assert.Equal(["vfio_pci", "vfio", "vfio_iommu_type1", "amdgpu"], values["MODULES"]);

        // The install hook is bash that mkinitcpio sources; the runtime hook and the script are POSIX sh.
        await ShellProbe.AssertSyntaxAsync("bash", host.PathOf(MkinitcpioPlanner.InstallHook));
        await ShellProbe.AssertSyntaxAsync("sh", host.PathOf(MkinitcpioPlanner.RuntimeHook));
        await ShellProbe.AssertSyntaxAsync("sh", host.PathOf(MkinitcpioPlanner.BindScript));
        Assert.Contains("run_earlyhook()", host.Read(MkinitcpioPlanner.RuntimeHook), StringComparison.Ordinal);
        Assert.Contains("Before=systemd-udevd.service", host.Read(MkinitcpioPlanner.BindUnit), StringComparison.Ordinal);
        Assert.StartsWith("#!/bin/sh\n# Bind by address", host.Read(MkinitcpioPlanner.BindScript), StringComparison.Ordinal);
        Assert.Equal([("hooks/vfio-bind"), "etc/initcpio/vfio-bind/bind.sh"], plan.Expectation.Files.Skip(1).Select(f => f.ImagePath));
        Assert.True(new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel612]).Plan.IsEmpty);
    }

    [Fact]
    public async Task Plan_NoFileSetsModules_AddsADropInThatSortsFirst()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "HOOKS=(base udev autodetect modconf block filesystems fsck)\n");
        host.Write("/etc/mkinitcpio.conf.d/nvidia.conf", "MODULES+=(nvidia nvidia_drm)");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel612]);
        host.Apply(plan.Plan);

        var change = Assert.Single(plan.Plan.Files);
        Assert.Equal(MkinitcpioPlanner.ModulesDropIn, change.Path);
        var values = await ShellProbe.SourceAsync(
            [host.PathOf("/etc/mkinitcpio.conf"), host.PathOf(MkinitcpioPlanner.ModulesDropIn), host.PathOf("/etc/mkinitcpio.conf.d/nvidia.conf")], "MODULES");
        Assert.Equal(["vfio_pci", "vfio", "vfio_iommu_type1", "nvidia", "nvidia_drm"], values["MODULES"]);
    }

    [Fact]
    public void Plan_VfioVirqfdWithAKernelFrom62On_IsMarkedOptional()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "MODULES=()\nHOOKS=(base udev modconf)\n");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById("vfio_virqfd"), [Kernel61, Kernel612]);

        Assert.Contains("MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd?)", Assert.Single(plan.Plan.Files).After, StringComparison.Ordinal);
        Assert.Contains(plan.Plan.Notes, n => n.Contains("vfio_virqfd?", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_OnlyOlderKernels_KeepsVfioVirqfdAsIs()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "MODULES=()\nHOOKS=(base udev modconf)\n");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById("vfio_virqfd"), [Kernel61]);

        Assert.Contains("MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd)", Assert.Single(plan.Plan.Files).After, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ModprobeFileOutsideModprobeD_IsAddedToFiles()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "MODULES=(vfio_pci vfio vfio_iommu_type1)\nHOOKS=(base udev modconf)\n");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById() with { ModprobeFiles = ["/etc/modprobe.d/vfio.conf", "/etc/vfio/vfio-ids"] }, [Kernel612]);

        var change = Assert.Single(plan.Plan.Files);
        Assert.Equal(MkinitcpioPlanner.FilesDropIn, change.Path);
        Assert.Contains("FILES+=(/etc/vfio/vfio-ids)", change.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DropInNotEndingInConf_IsFoundAsIgnored()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/mkinitcpio.conf", "MODULES=(vfio_pci vfio vfio_iommu_type1)\nHOOKS=(base udev modconf)\n");
        host.Write("/etc/mkinitcpio.conf.d/vfio", "MODULES+=(amdgpu)\n");

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel612]);

        Assert.True(plan.Plan.IsEmpty);
        Assert.Contains(plan.Findings, f => f.Path == "/etc/mkinitcpio.conf.d/vfio" && f.Message.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_MultiLineArrayWithComments_MovesOnlyTheVfioWords()
    {
        using var host = new InitramfsTestRoot();
        const string before = "MODULES=(\n  amdgpu # the host card\n  vfio_pci\n  vfio vfio_iommu_type1\n)\nHOOKS=(base udev modconf)\n";
        host.Write("/etc/mkinitcpio.conf", before);

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel612]);

        Assert.Equal("MODULES=(\n  vfio_pci vfio vfio_iommu_type1 amdgpu # the host card\n)\nHOOKS=(base udev modconf)\n", Assert.Single(plan.Plan.Files).After);
    }
}
