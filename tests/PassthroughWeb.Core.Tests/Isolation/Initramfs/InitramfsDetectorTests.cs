using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

public sealed class InitramfsDetectorTests
{
    [Fact]
    public void Detect_ArchHostWithMkinitcpio_FindsItWithEvidenceAndKernelsWithPkgbase()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/usr/bin/mkinitcpio", "#!/bin/bash\n");
        host.Write("/etc/mkinitcpio.conf", "MODULES=()\n");
        host.Write("/etc/mkinitcpio.conf.d/nvidia.conf", "MODULES+=(nvidia)\n");
        host.Write("/usr/lib/modules/6.12.4-arch1-1/modules.dep", "");
        host.Write("/usr/lib/modules/6.12.4-arch1-1/pkgbase", "linux\n");
        host.Write("/usr/lib/modules/6.6.60-1-lts/modules.dep", "");
        host.Write("/usr/lib/modules/6.6.60-1-lts/pkgbase", "linux-lts\n");

        var detection = InitramfsDetector.Detect(host.Root);

        Assert.Equal(InitramfsSystem.Mkinitcpio, detection.Active?.System);
        Assert.Contains("/usr/bin/mkinitcpio is installed.", detection.Active!.Evidence);
        Assert.Contains("/etc/mkinitcpio.conf.d/ exists (1 entries).", detection.Active.Evidence);
        Assert.Equal(["6.6.60-1-lts", "6.12.4-arch1-1"], detection.Kernels.Select(k => k.Version));
        Assert.Equal(["linux-lts", "linux"], detection.Kernels.Select(k => k.PackageBase));
        Assert.All(detection.Kernels, k => Assert.False(k.HasSeparateVfioVirqfd));
    }

    [Fact]
    public void Detect_DebianHostWithOldAndNewKernels_MarksWhichNeedVfioVirqfd()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/usr/sbin/update-initramfs", "#!/bin/sh\n");
        host.Write("/etc/initramfs-tools/initramfs.conf", "MODULES=most\n");
        host.Write("/lib/modules/6.1.0-56-amd64/modules.dep", "");
        host.Write("/lib/modules/6.12.12-amd64/modules.dep", "");
        host.Write("/lib/modules/5.10.0-30-amd64/extra/dkms.ko", "");

        var detection = InitramfsDetector.Detect(host.Root);

        Assert.Equal(InitramfsSystem.InitramfsTools, detection.Active?.System);
        Assert.Equal([("6.1.0-56-amd64", true), ("6.12.12-amd64", false)], detection.Kernels.Select(k => (k.Version, k.HasSeparateVfioVirqfd)));
        Assert.Contains(detection.Notes, n => n.Contains("/lib/modules/5.10.0-30-amd64", StringComparison.Ordinal) && n.Contains("leftover", StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_TwoSystemsInstalledWithConfiguration_IsAmbiguousAndSaysSo()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/usr/sbin/update-initramfs", "");
        host.Write("/etc/initramfs-tools/initramfs.conf", "");
        host.Write("/usr/bin/dracut", "");
        host.Write("/etc/dracut.conf", "");

        var detection = InitramfsDetector.Detect(host.Root);

        Assert.Null(detection.Active);
        Assert.Equal(2, detection.Systems.Count);
        Assert.Contains(detection.Notes, n => n.Contains("Choose it explicitly", StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_BoosterConfigWithoutProgram_LosesToDracutWithItsProgram()
    {
        using var host = new InitramfsTestRoot();
        host.Write("/etc/booster.yaml", "compression: zstd\n");
        host.Write("/usr/bin/dracut", "");
        host.Write("/etc/dracut.conf.d/10-vfio.conf", "");

        var detection = InitramfsDetector.Detect(host.Root);

        Assert.Equal(InitramfsSystem.Dracut, detection.Active?.System);
        Assert.Equal([InitramfsSystem.Dracut, InitramfsSystem.Booster], detection.Systems.Select(s => s.System));
    }

    [Fact]
    public void Detect_EmptyRoot_FindsNothingAndSaysSo()
    {
        using var host = new InitramfsTestRoot();

        var detection = InitramfsDetector.Detect(host.Root);

        Assert.Null(detection.Active);
        Assert.Empty(detection.Kernels);
        Assert.Contains(detection.Notes, n => n.StartsWith("No initramfs system was found", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("6.1.0-56-amd64", 6, 1)]
    [InlineData("6.12.4-arch1-1", 6, 12)]
    [InlineData("5.15.0-119-generic", 5, 15)]
    [InlineData("6.2rc1", 6, 2)]
    public void ParseRelease_KernelReleases_ReadsMajorAndMinor(string version, int major, int minor) =>
        Assert.Equal((major, minor), InstalledKernel.ParseRelease(version));

    [Fact]
    public void ParseRelease_NotARelease_IsNull() => Assert.Null(InstalledKernel.ParseRelease("build"));
}
