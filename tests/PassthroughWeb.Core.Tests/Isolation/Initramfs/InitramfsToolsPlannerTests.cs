using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class InitramfsToolsPlannerTests
{
    private static readonly InstalledKernel Kernel = new() { Version = "6.1.0-56-amd64", ModulesDirectory = "/lib/modules/6.1.0-56-amd64", Major = 6, Minor = 1 };

    [Fact]
    public async Task Plan_StockModulesFileByAddress_AppendsModulesAndAScriptThatSortsBeforeUdev()
    {
        using var host = new InitramfsTestRoot();
        const string stock = "# List of modules that you want to include in your initramfs.\n#\n# Syntax:  module_name [args ...]\n";
        host.Write(InitramfsToolsPlanner.ModulesFile, stock);

        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ByAddress("vfio_virqfd"), [Kernel]);
        host.Apply(plan.Plan);

        Assert.Equal(stock + "vfio_pci\nvfio\nvfio_iommu_type1\nvfio_virqfd\n", host.Read(InitramfsToolsPlanner.ModulesFile));
        Assert.True(string.CompareOrdinal(InitramfsToolsPlanner.ScriptName, "udev") < 0);
        var script = host.Read(InitramfsToolsPlanner.BindScript)!;
        Assert.Contains("PREREQ=\"\"", script, StringComparison.Ordinal);
        await ShellProbe.AssertSyntaxAsync("sh", host.PathOf(InitramfsToolsPlanner.BindScript));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserExecute, File.GetUnixFileMode(host.PathOf(InitramfsToolsPlanner.BindScript)) & UnixFileMode.UserExecute);

        // mkinitramfs asks each script for its prerequisites: ours answers nothing and exits.
        var prereqs = await new Core.Host.ProcessCommandRunner().RunAsync(
            new Core.Host.CommandRequest("sh", [host.PathOf(InitramfsToolsPlanner.BindScript), "prereqs"]), TestContext.Current.CancellationToken);
        Assert.True(prereqs.Succeeded);
        Assert.Equal("\n", prereqs.StandardOutput);
        Assert.Equal(["update-initramfs -u -k all"], plan.Plan.Commands.Select(c => c.Command.Display));
        Assert.True(new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ByAddress("vfio_virqfd"), [Kernel]).Plan.IsEmpty);
    }

    [Fact]
    public void Plan_ModprobeFileMkinitramfsDoesNotCopy_AddsACopyHook()
    {
        using var host = new InitramfsTestRoot();
        host.Write(InitramfsToolsPlanner.ModulesFile, "vfio_pci\nvfio\nvfio_iommu_type1\n");

        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ById() with { ModprobeFiles = ["/etc/modprobe.d/vfio.conf", "/etc/vfio-ids"] }, [Kernel]);

        var hook = Assert.Single(plan.Plan.Files);
        Assert.Equal(InitramfsToolsPlanner.CopyHook, hook.Path);
        Assert.EndsWith("copy_file config /etc/vfio-ids\n", hook.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoFinalNewline_IsAddedBeforeTheNewLines()
    {
        using var host = new InitramfsTestRoot();
        host.Write(InitramfsToolsPlanner.ModulesFile, "vfio\nvfio_iommu_type1");

        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel]);

        Assert.Equal("vfio\nvfio_iommu_type1\nvfio_pci\n", Assert.Single(plan.Plan.Files).After);
    }
}
