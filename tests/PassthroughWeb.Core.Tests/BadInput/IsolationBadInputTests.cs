using System.Text;
using CsCheck;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Tests.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.BadInput;

/// <summary>
/// modprobe.d files and the configuration of mkinitcpio, dracut, initramfs-tools and booster, damaged and random: the
/// parsers and planners never throw; what a planner would write parses again and planning on it changes nothing more.
/// </summary>
public sealed class IsolationBadInputTests
{
    /// <summary>Files on disk are UTF-8; a lone surrogate in a case becomes U+FFFD as it would in a real file.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly InstalledKernel Kernel = new() { Version = "6.1.0-56-amd64", ModulesDirectory = "/lib/modules/6.1.0-56-amd64", Major = 6, Minor = 1 };

    private static readonly string[] ModuleTokens =
        ["vfio_pci", "vfio-pci", "vfio", "vfio_iommu_type1", "amdgpu", "nvidia", "nouveau", "i915", "snd_hda_intel", "radeon", "vfio_virqfd", "?"];

    private static readonly VfioConfEdit GuideEdit = new()
    {
        WantedIds = ["1002:73bf"],
        ForbiddenIds = ["1002:ab28"],
        SoftdepModules = ["amdgpu", "snd_hda_intel"],
        DisableVga = true,
    };

    [Fact]
    public void ModprobeConfig_BadFiles_ParseLintAndEditWithoutThrowingAndTheEditIsStable()
    {
        var seeds = InputMutation.Seeds(["modprobe"], "options vfio-pci ids=1002:73bf,1002:ab28 disable_vga=1\nsoftdep amdgpu pre: vfio-pci\n");
        InputMutation.Of(seeds, ["options ", "softdep ", "blacklist ", "install ", "alias ", "remove ", "pre:", "post:", "ids=", "disable_vga=1", "10de:1b80,", .. ModuleTokens])
            .SampleRepeatably(text =>
            {
                var file = ModprobeConfig.Parse(VfioConfEditor.Path, text);
                var config = ModprobeConfig.FromFiles([file]);
                ModprobeLinter.Lint(config);
                var (after, _) = VfioConfEditor.Edit(text, GuideEdit, config);

                var planned = ModprobeConfig.FromFiles([ModprobeConfig.Parse(VfioConfEditor.Path, after)]);
                ModprobeLinter.Lint(planned);
                var (again, _) = VfioConfEditor.Edit(after, GuideEdit, planned);
                Assert.True(after == again, $"editing the edited file changes it again: {InputMutation.Escape(after)} → {InputMutation.Escape(again)}");
                foreach (var module in GuideEdit.SoftdepModules)
                    Assert.Contains(planned.SoftdepFor(module)?.Pre ?? [], p => ModuleNames.SameModule(p, "vfio-pci"));
            }, iter: InputMutation.Cases, print: InputMutation.Escape);
    }

    [Fact]
    public void MkinitcpioPlanner_BadConfig_NeverThrowsAndPlanningItsResultChangesNothing() =>
        PlanTwice(new MkinitcpioPlanner(), MkinitcpioPlanner.MainConfig,
            InputMutation.Seeds(["mkinitcpio"], "MODULES=()\nBINARIES=()\nFILES=()\nHOOKS=(base udev autodetect modconf block filesystems keyboard fsck)\n"),
            ["MODULES=(", "MODULES+=(", "HOOKS=(", "HOOKS+=(", "FILES=(", ")", "modconf", "kms", "systemd", .. ModuleTokens]);

    [Fact]
    public void DracutPlanner_BadConfig_NeverThrowsAndPlanningItsResultChangesNothing() =>
        PlanTwice(new DracutPlanner(), DracutPlanner.DropIn,
            InputMutation.Seeds(["dracut"], "force_drivers+=\" vfio_pci vfio vfio_iommu_type1 \"\n"),
            ["force_drivers+=\"", "add_drivers+=\"", "omit_drivers+=\"", "install_items+=\"", "hostonly=\"yes\"", "add_dracutmodules+=\"", .. ModuleTokens],
            alsoMain: DracutPlanner.MainConfig);

    [Fact]
    public void InitramfsToolsPlanner_BadModulesFile_NeverThrowsAndPlanningItsResultChangesNothing() =>
        PlanTwice(new InitramfsToolsPlanner(), InitramfsToolsPlanner.ModulesFile,
            InputMutation.Seeds(["initramfs-tools"], "# List of modules that you want to include in your initramfs.\nvfio_pci ids=1002:73bf\nvfio\n"),
            ["ids=", "options ", "softdep ", .. ModuleTokens]);

    [Fact]
    public void BoosterPlanner_BadYaml_NeverThrowsAndPlanningItsResultChangesNothing() =>
        PlanTwice(new BoosterPlanner(), BoosterPlanner.Config,
            InputMutation.Seeds(["booster"], "modules_force_load: vfio_pci,vfio,vfio_iommu_type1\ncompression: zstd\n"),
            ["modules_force_load:", "modules:", "- ", ": ", "---\n", "...\n", "&anchor ", "*anchor", "!!str ", "[", "]", "{", "}", "|\n", ">\n", .. ModuleTokens]);

    /// <summary>
    /// Writes each case where the system reads it, plans, writes the plan's configuration files (the binding hooks it
    /// creates are left out, they are the planner's own), plans again: the second plan must leave those files alone.
    /// </summary>
    private static void PlanTwice(IInitramfsPlanner planner, string path, IReadOnlyList<string> seeds, string[] tokens, string? alsoMain = null)
    {
        using var host = new InitramfsTestRoot();
        Gen.Select(InputMutation.Of(seeds, tokens), Gen.Bool, Gen.Bool).SampleRepeatably((text, byAddress, inMain) =>
        {
            var target = inMain && alsoMain is not null ? alsoMain : path;
            foreach (var written in new[] { path, alsoMain })
            {
                if (written is not null && File.Exists(host.PathOf(written))) File.Delete(host.PathOf(written));
            }
            File.WriteAllText(host.PathOf(EnsureDirectory(host, target)), text, Utf8);
            var payload = byAddress ? TestPayloads.ByAddress() : TestPayloads.ById();

            var plan = planner.Plan(host.Root, payload, [Kernel]);
            if (plan.IsBlocked) return;
            var configs = plan.Plan.Files.Where(f => f.Path == path || f.Path == alsoMain).ToList();
            foreach (var change in configs) File.WriteAllText(host.PathOf(EnsureDirectory(host, change.Path)), change.After, Utf8);

            var again = planner.Plan(host.Root, payload, [Kernel]);
            Assert.False(again.IsBlocked, $"the planned file is refused: {string.Join("; ", again.Findings.Select(f => f.Message))}");
            var changedAgain = again.Plan.Files.Where(f => (f.Path == path || f.Path == alsoMain) && !f.IsNoOp).ToList();
            Assert.True(changedAgain.Count == 0,
                $"planning on the planned file changes it again: {string.Join(" | ", changedAgain.Select(f => InputMutation.Escape(f.Before ?? "") + " → " + InputMutation.Escape(f.After)))}");
        }, iter: InputMutation.Cases, threads: 1, print: t => InputMutation.Escape(t.Item1));
    }

    private static string EnsureDirectory(InitramfsTestRoot host, string hostPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(host.PathOf(hostPath))!);
        return hostPath;
    }
}
