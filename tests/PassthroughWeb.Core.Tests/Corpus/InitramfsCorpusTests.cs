using PassthroughWeb.Core.Isolation;
using System.Text.RegularExpressions;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Tests.Isolation.Initramfs;
using YamlDotNet.RepresentationModel;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Every real mkinitcpio, dracut, initramfs-tools, modules-load and booster file of the corpus, planned on where it
/// sits on a host: the other lines stay byte for byte, the result means what it should to the real shell (bash
/// sources it), planning again is empty, and the real mistakes in these files are found.
/// </summary>
public sealed partial class InitramfsCorpusTests
{
    private static readonly InstalledKernel Kernel61 = new() { Version = "6.1.0-56-amd64", ModulesDirectory = "/lib/modules/6.1.0-56-amd64", Major = 6, Minor = 1 };

    [GeneratedRegex(@"^\s*(MODULES|HOOKS)\+?=")]
    private static partial Regex MkinitcpioListLine();

    [Fact]
    public async Task Mkinitcpio_EveryCorpusFile_PlansMinimalEditsThatBashSourcesInTheRightOrder()
    {
        var warned = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in InitramfsCorpus.Files("mkinitcpio"))
        {
            using var host = MkinitcpioHost(file);
            var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel61]);
            var name = Path.GetFileName(file);
            Assert.False(plan.IsBlocked, name);
            if (plan.Findings.Any(f => f.Severity == InitramfsFindingSeverity.Warning)) warned.Add(name);

            foreach (var change in plan.Plan.Files.Where(c => c.Before is not null))
            {
                Assert.Equal(
                    change.Before!.Split('\n').Where(l => !MkinitcpioListLine().IsMatch(l)),
                    change.After.Split('\n').Where(l => !MkinitcpioListLine().IsMatch(l)));
            }
            Assert.Equal(["mkinitcpio -P"], plan.Plan.Commands.Select(c => c.Command.Display));

            host.Apply(plan.Plan);
            Assert.True(new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel61]).Plan.IsEmpty, name + ": planning twice is not empty");

            var sourced = new List<string> { host.PathOf(MkinitcpioPlanner.MainConfig) };
            sourced.AddRange(host.Root.ListNames(MkinitcpioPlanner.DropInDirectory).Where(n => n.EndsWith(".conf", StringComparison.Ordinal))
                .Select(n => host.PathOf(MkinitcpioPlanner.DropInDirectory + "/" + n)));
            var values = await ShellProbe.SourceAsync(sourced, "MODULES", "HOOKS");
            AssertAheadOfDrivers(values["MODULES"], name);
            Assert.Contains("modconf", values["HOOKS"]);
            Assert.Contains(MkinitcpioPlanner.HookName, values["HOOKS"]);
        }
        Assert.Equal(
            ["Regeneric-mkinitcpio-i915-gvt.conf", "lennard0711-mkinitcpio-encrypt-dup-hook.conf", "nckslvrmn-mkinitcpio.conf.d-nvidia-override.conf"],
            warned);
    }

    [Fact]
    public void Mkinitcpio_GpuDriverBeforeVfio_IsFoundAndOnlyTheMovedWordsChange()
    {
        using var host = MkinitcpioHost(CorpusFile("mkinitcpio/Regeneric-mkinitcpio-i915-gvt.conf"));

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

        Assert.Contains(plan.Findings, f => f.Severity == InitramfsFindingSeverity.Warning && f.Line == 7
            && f.Message.StartsWith("i915 is loaded before vfio_pci vfio vfio_iommu_type1", StringComparison.Ordinal));
        var main = Assert.Single(plan.Plan.Files);
        Assert.Contains("\nMODULES=(btrfs vfio_pci vfio vfio_iommu_type1 i915 kvmgt kvm_intel mdev)\n", main.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkinitcpio_DuplicateHook_IsFound()
    {
        using var host = MkinitcpioHost(CorpusFile("mkinitcpio/lennard0711-mkinitcpio-encrypt-dup-hook.conf"));

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

        var finding = Assert.Single(plan.Findings);
        Assert.Equal((InitramfsFindingSeverity.Warning, 52), (finding.Severity, finding.Line));
        Assert.Contains("'keyboard' is listed more than once", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkinitcpio_DropInThatReplacesModules_IsFoundAndEditedWhereTheEffectiveValueIs()
    {
        using var host = MkinitcpioHost(CorpusFile("mkinitcpio/nckslvrmn-mkinitcpio.conf.d-nvidia-override.conf"));

        var plan = new MkinitcpioPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

        var finding = Assert.Single(plan.Findings, f => f.Path == "/etc/mkinitcpio.conf.d/nvidia.conf");
        Assert.Equal(4, finding.Line);
        Assert.Contains("replaces the MODULES set before it", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("dropped: kvm_amd vfio_pci vfio vfio_iommu_type1 vfio_virqfd.", finding.Message, StringComparison.Ordinal);
        var edit = Assert.Single(plan.Plan.Files);
        Assert.Equal("/etc/mkinitcpio.conf.d/nvidia.conf", edit.Path);
        Assert.Contains("MODULES=(vfio_pci vfio vfio_iommu_type1 nvidia nvidia_modeset nvidia_uvm nvidia_drm)", edit.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Mkinitcpio_StringFormAndInnerSpaces_AreKept()
    {
        using var strings = MkinitcpioHost(CorpusFile("mkinitcpio/kawing-chiu-mkinitcpio-string-encrypt-order.conf"));
        var stringPlan = new MkinitcpioPlanner().Plan(strings.Root, TestPayloads.ByAddress(), [Kernel61]);
        var main = Assert.Single(stringPlan.Plan.Files, f => f.Path == MkinitcpioPlanner.MainConfig);
        Assert.Contains("\nMODULES=\"vfio vfio_iommu_type1 vfio_pci vfio_virqfd\"\n", main.After, StringComparison.Ordinal);
        Assert.Contains("\nHOOKS=\"base vfio-bind udev modconf keyboard encrypt lvm2 block filesystems fsck consolefont\"\n", main.After, StringComparison.Ordinal);

        using var spaces = MkinitcpioHost(CorpusFile("mkinitcpio/matsto641-mkinitcpio-bind-vfio-hook.conf"));
        Assert.True(new MkinitcpioPlanner().Plan(spaces.Root, TestPayloads.ById("vfio_virqfd"), [Kernel61]).Plan.IsEmpty);
    }

    [Fact]
    public async Task Dracut_EveryCorpusFile_KeepsItsLinesAndBashSeesTheVfioDrivers()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MarcAureleCoste-vfio.conf"] = "has no space after the opening quote",
            ["p7cq-vfio.conf"] = "has no space after the opening quote",
            ["OzzyHelix-vfio-force-drivers-no-trailing-space.conf"] = "has no space before the closing quote",
            ["OzzyHelix-vfio-force-drivers-tab.conf"] = "amdgpu is force-loaded with the vfio modules",
            ["mwyvr-wabbit-hostonly-omit-nouveau.conf"] = "hostonly_cmdline takes yes or no",
            ["raro28-vfio-force-drivers.conf"] = "install_items= (plain '=') in a drop-in replaces",
        };
        foreach (var file in InitramfsCorpus.Files("dracut"))
        {
            var name = Path.GetFileName(file);
            using var host = new InitramfsTestRoot();
            var target = DracutPath(file);
            host.Write(target, File.ReadAllText(file));

            var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel61]);

            var warnings = plan.Findings.Where(f => f.Severity >= InitramfsFindingSeverity.Warning).ToList();
            if (expected.TryGetValue(name, out var message)) Assert.Contains(warnings, f => f.Message.Contains(message, StringComparison.Ordinal) && f.Path == target);
            else Assert.Empty(warnings);
            foreach (var change in plan.Plan.Files.Where(c => c.Before is not null))
                Assert.StartsWith(change.Before!, change.After, StringComparison.Ordinal);
            Assert.Equal(["dracut --regenerate-all -f"], plan.Plan.Commands.Select(c => c.Command.Display));

            host.Apply(plan.Plan);
            Assert.True(new DracutPlanner().Plan(host.Root, TestPayloads.ByAddress(), [Kernel61]).Plan.IsEmpty, name + ": planning twice is not empty");

            var sourced = new List<string>();
            if (host.Root.FileExists(DracutPlanner.MainConfig)) sourced.Add(host.PathOf(DracutPlanner.MainConfig));
            sourced.AddRange(host.Root.ListNames(DracutPlanner.DropInDirectory).Where(n => n.EndsWith(".conf", StringComparison.Ordinal))
                .Select(n => host.PathOf(DracutPlanner.DropInDirectory + "/" + n)));
            var values = await ShellProbe.SourceAsync(sourced, "force_drivers", "install_items", "add_dracutmodules");
            Assert.Superset(TestPayloads.VfioModules.ToHashSet(), values["force_drivers"].ToHashSet());
            Assert.Contains(DracutPlanner.ModuleName, values["add_dracutmodules"]);
            // raro28's later install_items= really does drop the planned modprobe file: that is why it blocks.
            Assert.Equal(!plan.IsBlocked, values["install_items"].Contains("/etc/modprobe.d/vfio.conf"));
            Assert.Equal(name == "raro28-vfio-force-drivers.conf", plan.IsBlocked);
            await ShellProbe.AssertSyntaxAsync("sh", host.PathOf(DracutPlanner.HookScript));
            await ShellProbe.AssertSyntaxAsync("bash", host.PathOf(DracutPlanner.ModuleSetup));
        }
    }

    [Fact]
    public void Dracut_ConfigNotEndingInConf_IsFoundAsIgnored()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/dracut.conf.d/vfio", File.ReadAllText(CorpusFile("dracut/p7cq-vfio.conf")));

        var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

        var finding = Assert.Single(plan.Findings);
        Assert.Equal("/etc/dracut.conf.d/vfio", finding.Path);
        Assert.Contains("silently ignored", finding.Message, StringComparison.Ordinal);
        Assert.Equal(DracutPlanner.DropIn, Assert.Single(plan.Plan.Files).Path);
    }

    [Fact]
    public void InitramfsTools_EveryModulesFile_KeepsEveryLineAndPutsVfioAheadOfTheGpuDrivers()
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["MikeRamos58-modules-with-modprobe-syntax"] = ["'softdep nvidia pre: vfio vfio_pci' is modprobe.d syntax", "'options vfio_pci ids=10de:1b80,10de:10f0' is modprobe.d syntax", "vfio_pci is listed again (first on line 19)"],
            ["JoonaHa-etc-modules-nouveau"] = ["nouveau is loaded before vfio"],
            ["booski-modules.d-vfio"] = ["not /etc/initramfs-tools/modules.d: this file is ignored"],
        };
        var files = InitramfsCorpus.Files("initramfs-tools").Concat(InitramfsCorpus.Files("modules-load")).ToList();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            using var host = new InitramfsTestRoot();
            var text = File.ReadAllText(file);
            // booski's file is a modules.d drop-in: it is placed where its author put it, and lints there.
            host.Write(name == "booski-modules.d-vfio" ? "/etc/initramfs-tools/modules.d/vfio" : InitramfsToolsPlanner.ModulesFile, text);
            var modulesText = host.Read(InitramfsToolsPlanner.ModulesFile);

            var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

            var warnings = plan.Findings.Where(f => f.Severity >= InitramfsFindingSeverity.Warning).Select(f => f.Message).ToList();
            if (expected.TryGetValue(name, out var messages))
            {
                foreach (var message in messages) Assert.Contains(warnings, w => w.Contains(message, StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(warnings);
            }
            var planned = plan.Plan.Files.SingleOrDefault(c => c.Path == InitramfsToolsPlanner.ModulesFile)?.After ?? modulesText!;
            var before = (modulesText ?? "").Split('\n').Where(l => l.Length > 0).ToList();
            var after = planned.Split('\n').Where(l => l.Length > 0).ToList();
            // Every original line is still there (moved lines included), and those not moved keep their order.
            foreach (var group in before.GroupBy(l => l))
                Assert.True(after.Count(l => l == group.Key) >= group.Count(), $"{name}: lost '{group.Key}'");
            var movedAhead = plan.Findings.Where(f => f.Message.Contains("The plan moves", StringComparison.Ordinal)).Select(f => (modulesText ?? "").Split('\n')[f.Line!.Value - 1]).ToHashSet();
            Assert.True(IsSubsequence(before.Where(l => !movedAhead.Contains(l)).ToList(), after), name + ": lines were reordered");
            AssertAheadOfDrivers(ModuleNames(planned), name);

            host.Apply(plan.Plan);
            Assert.True(new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]).Plan.IsEmpty, name + ": planning twice is not empty");
        }
    }

    [Fact]
    public void InitramfsTools_NouveauLoadedFirst_VfioLinesMoveAheadOfIt()
    {
        using var host = new InitramfsTestRoot();
        host.Write(InitramfsToolsPlanner.ModulesFile, File.ReadAllText(CorpusFile("initramfs-tools/JoonaHa-etc-modules-nouveau")));

        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ById(), [Kernel61]);

        var names = ModuleNames(Assert.Single(plan.Plan.Files).After);
        Assert.Equal(["coretemp", "nct6775", "vfio", "vfio_iommu_type1", "vfio_pci", "nouveau"], names.Take(6));
    }

    [Fact]
    public void Booster_EveryCorpusFile_KeepsTheOtherKeysAndForceLoadsVfioFirst()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["madhavpcm-booster.yaml"] = "vfio,vfio_pci,vfio_iommu_type1,vfio_virqfd",
            ["mizzunet-booster-i915.yaml"] = "vfio_pci,vfio,vfio_iommu_type1,i915",
            ["sakuyma-booster-nvidia.yaml"] = "nvme,vfio_pci,vfio,vfio_iommu_type1,nvidia,nvidia_modeset,nvidia_uvm,nvidia_drm",
        };
        var kernel = Kernel61 with { PackageBase = "linux" };
        foreach (var file in InitramfsCorpus.Files("booster"))
        {
            var name = Path.GetFileName(file);
            using var host = new InitramfsTestRoot();
            var text = File.ReadAllText(file);
            host.Write(BoosterPlanner.Config, text);

            var plan = new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [kernel]);

            Assert.False(plan.IsBlocked);
            host.Apply(plan.Plan);
            var after = host.Read(BoosterPlanner.Config)!;
            Assert.Equal(
                text.Split('\n').Where(l => !l.StartsWith(BoosterPlanner.Key + ":", StringComparison.Ordinal)),
                after.Split('\n').Where(l => !l.StartsWith(BoosterPlanner.Key + ":", StringComparison.Ordinal)));
            var (beforeMap, afterMap) = (Yaml(text), Yaml(after));
            Assert.Equal(expected[name], afterMap[BoosterPlanner.Key]);
            Assert.Equal(beforeMap.Where(p => p.Key != BoosterPlanner.Key), afterMap.Where(p => p.Key != BoosterPlanner.Key));
            Assert.Equal(plan.Plan.Files.Count == 0 ? [] : ["booster build --force --kernel-version 6.1.0-56-amd64 /boot/booster-linux.img"], plan.Plan.Commands.Select(c => c.Command.Display));
            Assert.True(new BoosterPlanner().Plan(host.Root, TestPayloads.ById(), [kernel]).Plan.IsEmpty, name + ": planning twice is not empty");
            Assert.True(new BoosterPlanner().Plan(host.Root, TestPayloads.ByAddress(), [kernel]).IsBlocked, name + ": booster cannot bind by address");
        }
    }

    private static InitramfsTestRoot MkinitcpioHost(string file)
    {
        var host = new InitramfsTestRoot();
        var source = InitramfsCorpus.SourcePath(file);
        if (source.Contains("mkinitcpio.conf.d/", StringComparison.Ordinal))
        {
            // A drop-in needs a main file to drop into: a real one with MODULES=(…) set with '='.
            host.Write(MkinitcpioPlanner.MainConfig, File.ReadAllText(CorpusFile("mkinitcpio/danrichardson-mkinitcpio-kvm-amd.conf")));
            host.Write(MkinitcpioPlanner.DropInDirectory + "/" + Path.GetFileName(source), File.ReadAllText(file));
        }
        else
        {
            host.Write(MkinitcpioPlanner.MainConfig, File.ReadAllText(file));
        }
        return host;
    }

    private static string DracutPath(string file)
    {
        var source = Path.GetFileName(InitramfsCorpus.SourcePath(file));
        return source == "dracut.conf" ? DracutPlanner.MainConfig : DracutPlanner.DropInDirectory + "/" + source;
    }

    private static string CorpusFile(string relative)
    {
        if (InitramfsCorpus.Directory is null) Assert.Skip("../shared/corpus is not beside the repository: the real-file tests need it.");
        return Path.Combine(InitramfsCorpus.Directory, relative);
    }

    private static void AssertAheadOfDrivers(IReadOnlyList<string> modules, string name)
    {
        var normalized = modules.Select(m => m.TrimEnd('?').Replace('-', '_')).ToList();
        var firstDriver = normalized.FindIndex(m => TestPayloads.GpuDrivers.Contains(m));
        foreach (var vfio in TestPayloads.VfioModules)
        {
            var index = normalized.IndexOf(vfio);
            Assert.True(index >= 0 && (firstDriver < 0 || index < firstDriver), $"{name}: {vfio} is not ahead of the GPU drivers in [{string.Join(' ', modules)}]");
        }
    }

    private static List<string> ModuleNames(string modulesFile) =>
        [.. modulesFile.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ', '\t')[0])];

    private static bool IsSubsequence(List<string> sequence, List<string> within)
    {
        var position = 0;
        foreach (var item in within)
        {
            if (position < sequence.Count && sequence[position] == item) position++;
        }
        return position == sequence.Count;
    }

    private static Dictionary<string, string> Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var mapping = (YamlMappingNode)stream.Documents[0].RootNode;
        return mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => c.Value.ToString());
    }
}
