using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Isolation;

public sealed class ModprobeConfigTests
{
    [Fact]
    public void Parse_BackslashContinuation_JoinsLinesAndNormalisesTheModule()
    {
        var file = ModprobeConfig.Parse("/etc/modprobe.d/a.conf", "# comment\n  # indented comment\noptions kvm-amd \\\n  nested=1\nsoftdep foo-bar pre: a-b post: c-d\n");

        Assert.Equal(2, file.Lines.Count);
        var options = file.Lines[0];
        Assert.Equal((3, 4), (options.LineNumber, options.LastLineNumber));
        Assert.Equal("kvm_amd", options.Module);
        Assert.Equal(["nested=1"], options.Parameters);
        var softdep = file.Lines[1];
        Assert.Equal("foo_bar", softdep.Module);
        Assert.Equal(["a-b"], softdep.Pre);
        Assert.Equal(["c-d"], softdep.Post);
    }

    [Fact]
    public void Load_SameNameInEtcAndUsrLib_ReadsEtcAndSortsByNameAcrossDirectories()
    {
        using var host = new TemporaryHostRoot();
        host.Root.WriteText("usr/lib/modprobe.d/vfio.conf", "options vfio-pci ids=1111:2222\n");
        host.Root.WriteText("etc/modprobe.d/vfio.conf", "options vfio-pci ids=1002:73ff\n");
        host.Root.WriteText("usr/lib/modprobe.d/amdgpu.conf", "softdep amdgpu pre: kvm\n");
        host.Root.WriteText("etc/modprobe.d/vfio", "options vfio-pci disable_vga=1\n");
        host.Root.WriteText("run/modprobe.d/zz.conf", "blacklist nouveau\n");

        var config = ModprobeConfig.Load(host.Root);

        Assert.Equal(["/usr/lib/modprobe.d/amdgpu.conf", "/etc/modprobe.d/vfio.conf", "/run/modprobe.d/zz.conf"], config.Files.Select(f => f.Path));
        Assert.Equal("1002:73ff", config.ParameterValue("vfio-pci", "ids"));
        Assert.Equal(2, config.Ignored.Count);
        Assert.Contains(config.Ignored, f => f.Path == "/etc/modprobe.d/vfio" && f.IgnoredBecause!.Contains(".conf", StringComparison.Ordinal));
        Assert.Contains(config.Ignored, f => f.Path == "/usr/lib/modprobe.d/vfio.conf" && f.IgnoredBecause!.Contains("/etc/modprobe.d/vfio.conf", StringComparison.Ordinal));
        Assert.True(config.IsBlacklisted("nouveau"));
    }

    [Fact]
    public void SoftdepFor_TwoLinesForOneModule_IsTheFirstAsKmodUses()
    {
        var config = ModprobeConfig.FromFiles([ModprobeConfig.Parse("/etc/modprobe.d/a.conf", "softdep amdgpu pre: kvm\nsoftdep amdgpu pre: vfio-pci\nsoftdep snd_hda_* pre: vfio-pci\n")]);

        Assert.Equal(["kvm"], config.SoftdepFor("amdgpu")!.Pre);
        Assert.Equal(3, config.SoftdepFor("snd-hda-intel")!.LineNumber);
        Assert.Null(config.SoftdepFor("nouveau"));
    }

    [Fact]
    public async Task SoftdepFor_AgreesWithKmodOnARealKernel_FirstLineWinsAndPatternsMatch()
    {
        // The behaviour SoftdepFor copies, checked on the real kmod and a real kernel's modules.
        var (stage, version) = await RealKernel.RequireAsync(TestContext.Current.CancellationToken);
        var directory = Directory.CreateTempSubdirectory("passthroughweb-softdep-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "a.conf"), "softdep amdgpu pre: kvm\nsoftdep amdgpu pre: vfio-pci\nsoftdep snd_hda_* pre: vfio-pci\n", TestContext.Current.CancellationToken);
            var amdgpu = await Kmod.RunAsync(["-C", directory.FullName, "-d", stage, "-S", version, "--show-depends", "amdgpu"], TestContext.Current.CancellationToken);
            var audio = await Kmod.RunAsync(["-C", directory.FullName, "-d", stage, "-S", version, "--show-depends", "snd_hda_intel"], TestContext.Current.CancellationToken);

            Assert.Contains("/kvm.ko", amdgpu.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("vfio-pci.ko", amdgpu.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("vfio-pci.ko", audio.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ParametersFor_TwoOptionsLines_AreJoinedAsKmodPassesThem()
    {
        var (stage, version) = await RealKernel.RequireAsync(TestContext.Current.CancellationToken);
        const string text = "options vfio-pci ids=1002:73ff disable_vga=1\noptions vfio_pci ids=1002:ab28\n";
        var directory = Directory.CreateTempSubdirectory("passthroughweb-options-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "a.conf"), text, TestContext.Current.CancellationToken);
            var result = await Kmod.RunAsync(["-C", directory.FullName, "-d", stage, "-S", version, "--show-depends", "vfio-pci"], TestContext.Current.CancellationToken);
            var insmod = result.StandardOutput.Split('\n').Single(l => l.Contains("/vfio-pci.ko", StringComparison.Ordinal));

            var ours = ModprobeConfig.FromFiles([ModprobeConfig.Parse("/etc/modprobe.d/a.conf", text)]);

            Assert.EndsWith(string.Join(' ', ours.ParametersFor("vfio-pci")), insmod.Trim(), StringComparison.Ordinal);
            Assert.Equal("1002:ab28", ours.ParameterValue("vfio-pci", "ids"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("nvidia_*", "nvidia_drm", true)]
    [InlineData("nvidia_*", "nvidia", false)]
    [InlineData("snd_hda_[a-j]*", "snd_hda_intel", true)]
    [InlineData("snd_hda_[!a-j]*", "snd_hda_intel", false)]
    [InlineData("pci:v00001002d*sv*sd*bc03sc*i*", "pci:v00001002d000073FFsv00001DA2sd0000E445bc03sc00i00", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    public void Matches_Pattern_FollowsFnmatch(string pattern, string text, bool expected) =>
        Assert.Equal(expected, ModuleNames.Matches(pattern, text));
}
