using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class BoosterPlannerTests
{
    private static readonly InstalledKernel Linux = new() { Version = "6.12.4-arch1-1", ModulesDirectory = "/usr/lib/modules/6.12.4-arch1-1", Major = 6, Minor = 12, PackageBase = "linux" };
    private static readonly InstalledKernel Lts = new() { Version = "6.6.60-1-lts", ModulesDirectory = "/usr/lib/modules/6.6.60-1-lts", Major = 6, Minor = 6, PackageBase = "linux-lts" };

    [Fact]
    public void Plan_NestedConfigWithoutTheKey_AppendsItAndRebuildsEachKernel()
    {
        using var host = new InitramfsTestRoot();
        const string before = "network:\n  dhcp: on\n  # static below\n  ip: 10.0.2.15/24\nuniversal: false\n";
        host.Write(BoosterPlanner.Config, before);

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Lts, Linux]);

        Assert.Equal(before + "modules_force_load: vfio_pci,vfio,vfio_iommu_type1\n", Assert.Single(plan.Plan.Files).After);
        Assert.Equal(
            ["booster build --force --kernel-version 6.6.60-1-lts /boot/booster-linux-lts.img", "booster build --force --kernel-version 6.12.4-arch1-1 /boot/booster-linux.img"],
            plan.Plan.Commands.Select(c => c.Command.Display));
    }

    [Fact]
    public void Plan_QuotedAndEmptyValues_AreEditedInPlace()
    {
        using var quoted = new InitramfsTestRoot();
        quoted.Write(BoosterPlanner.Config, "modules_force_load: \"amdgpu\" # host card\ncompression: zstd\n");
        Assert.Equal("modules_force_load: \"vfio_pci,vfio,vfio_iommu_type1,amdgpu\" # host card\ncompression: zstd\n",
            Assert.Single(new BoosterPlanner().Plan(quoted.Root, TestPayloads.ById(), [Linux]).Plan.Files).After);

        using var empty = new InitramfsTestRoot();
        empty.Write(BoosterPlanner.Config, "modules_force_load:\ncompression: zstd\n");
        Assert.Equal("modules_force_load: vfio_pci,vfio,vfio_iommu_type1\ncompression: zstd\n",
            Assert.Single(new BoosterPlanner().Plan(empty.Root, TestPayloads.ById(), [Linux]).Plan.Files).After);
    }

    [Fact]
    public void Plan_ListInsteadOfString_BlocksWithoutEditing()
    {
        using var host = new InitramfsTestRoot();
        host.Write(BoosterPlanner.Config, "modules_force_load:\n  - amdgpu\n");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Linux]);

        Assert.True(plan.IsBlocked);
        Assert.Empty(plan.Plan.Files);
        Assert.Contains("comma-separated string", Assert.Single(plan.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BrokenYaml_BlocksWithTheParserMessage()
    {
        using var host = new InitramfsTestRoot();
        host.Write(BoosterPlanner.Config, "modules_force_load: [amdgpu\ncompression: zstd\n");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Linux]);

        Assert.True(plan.IsBlocked);
        Assert.Contains("not valid YAML", Assert.Single(plan.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_GpuDriverBeforeVfio_MovesVfioAheadAndSaysSo()
    {
        using var host = new InitramfsTestRoot();
        host.Write(BoosterPlanner.Config, "modules_force_load: nvidia,vfio_pci,vfio,vfio_iommu_type1\n");

        var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [Linux]);

        Assert.Equal("modules_force_load: vfio_pci,vfio,vfio_iommu_type1,nvidia\n", Assert.Single(plan.Plan.Files).After);
        Assert.Contains("nvidia is force-loaded before vfio_pci,vfio,vfio_iommu_type1", Assert.Single(plan.Findings).Message, StringComparison.Ordinal);
    }
}
