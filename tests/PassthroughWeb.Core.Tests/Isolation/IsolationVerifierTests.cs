using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Isolation;

public sealed class IsolationVerifierTests
{
    private static readonly PciAddress GuestAudio = SampleWorkstation.GuestGpu with { Function = 1 };
    private static readonly IReadOnlyList<PciAddress> Passed = [SampleWorkstation.GuestGpu, GuestAudio];

    private const string Bar0 = "0x00000000d0000000 0x00000000dfffffff 0x000000000014220c\n";

    [Fact]
    public void Verify_BothFunctionsOnVfioAndNoFramebuffer_Passes()
    {
        using var host = new TemporaryHostRoot();
        var root = AfterReboot(host, "vfio-pci", "vfio-pci");
        root.WriteText("proc/iomem", "c0000000-c07fffff : BOOTFB\nd0000000-dfffffff : PCI Bus 0000:07\n  d0000000-dfffffff : 0000:07:00.0\n");

        var result = IsolationVerifier.Verify(root, IsolationHosts.Scan(root), Passed, SampleWorkstation.HostGpu);

        Assert.True(result.Passed, string.Join("\n", result.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        Assert.Contains(result.Checks, c => c.Device == SampleWorkstation.HostGpu && c.Message.Contains("still on amdgpu", StringComparison.Ordinal));
        Assert.Contains(result.Checks, c => c.Device == SampleWorkstation.GuestGpu && c.Message == "No boot framebuffer holds memory of 0000:07:00.0.");
    }

    [Fact]
    public void Verify_AudioStillOnSndHdaIntel_FailsAndNamesTheDriver()
    {
        using var host = new TemporaryHostRoot();
        var root = AfterReboot(host, "vfio-pci", "snd_hda_intel");

        var result = IsolationVerifier.Verify(root, IsolationHosts.Scan(root), Passed, SampleWorkstation.HostGpu);

        Assert.False(result.Passed);
        var failed = Assert.Single(result.Checks, c => !c.Passed);
        Assert.Equal(GuestAudio, failed.Device);
        Assert.Contains("is still on snd_hda_intel", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HostGpuTakenByVfio_Fails()
    {
        using var host = new TemporaryHostRoot();
        var root = AfterReboot(host, "vfio-pci", "vfio-pci", hostGpuDriver: "vfio-pci");

        var result = IsolationVerifier.Verify(root, IsolationHosts.Scan(root), Passed, SampleWorkstation.HostGpu);

        var failed = Assert.Single(result.Checks, c => !c.Passed);
        Assert.Equal(SampleWorkstation.HostGpu, failed.Device);
        Assert.Contains("is on vfio-pci too", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BootFramebufferInsideTheCardsBar_Fails()
    {
        using var host = new TemporaryHostRoot();
        var root = AfterReboot(host, "vfio-pci", "vfio-pci");
        root.WriteText("proc/iomem", "d0000000-dfffffff : PCI Bus 0000:07\n  d0000000-dfffffff : 0000:07:00.0\n    d0000000-d07fffff : BOOTFB\n");

        var result = IsolationVerifier.Verify(root, IsolationHosts.Scan(root), Passed, SampleWorkstation.HostGpu);

        var failed = Assert.Single(result.Checks, c => !c.Passed);
        Assert.Equal(SampleWorkstation.GuestGpu, failed.Device);
        Assert.Contains("'BOOTFB' (d0000000-d07fffff) still holds memory inside BAR 0 of 0000:07:00.0", failed.Message, StringComparison.Ordinal);
        Assert.Contains("initcall_blacklist=sysfb_init", failed.Message, StringComparison.Ordinal);
    }

    private static HostRoot AfterReboot(TemporaryHostRoot host, string videoDriver, string audioDriver, string hostGpuDriver = "amdgpu")
    {
        var drivers = new Dictionary<PciAddress, string>(SampleWorkstation.Spec.Drivers)
        {
            [SampleWorkstation.GuestGpu] = videoDriver,
            [GuestAudio] = audioDriver,
            [SampleWorkstation.HostGpu] = hostGpuDriver,
        };
        HostTreeWriter.Write(host.Root, SampleWorkstation.Spec with { Drivers = drivers });
        var resource = string.Concat(Enumerable.Repeat("0x0000000000000000 0x0000000000000000 0x0000000000000000\n", 12));
        host.Root.WriteText($"sys/devices/pci0000:00/{SampleWorkstation.GuestGpu}/resource", Bar0 + resource);
        return host.Root;
    }
}
