using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Isolation;

public sealed class VfioBindingPlannerTests
{
    private static readonly PciAddress GuestAudio = SampleWorkstation.GuestGpu with { Function = 1 };

    [Fact]
    public void Plan_GuideWorkstation_BindsBothFunctionsByAddressAndNeverListsAb28()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        Assert.False(plan.IsRefused);
        Assert.Equal(BindingMethod.ByAddress, plan.Method);
        Assert.Contains("1002:ab28 is also 0000:03:00.1", plan.MethodExplanation, StringComparison.Ordinal);
        Assert.Equal([new AddressBinding(SampleWorkstation.GuestGpu, "1002", "73ff"), new AddressBinding(GuestAudio, "1002", "ab28")], plan.AddressBindings);
        var after = Assert.Single(plan.Changes!.Files).After;
        Assert.Equal(
            "softdep amdgpu pre: vfio-pci\noptions vfio-pci disable_vga=1\noptions kvm ignore_msrs=1\nsoftdep radeon pre: vfio-pci\nsoftdep snd_hda_intel pre: vfio-pci\n",
            after);
        Assert.DoesNotContain(ModprobeConfig.Parse("/etc/modprobe.d/vfio.conf", after).Lines, l => l.Text.Contains("ab28", StringComparison.Ordinal));
        Assert.Equal(["amdgpu", "radeon", "snd_hda_intel"], plan.Drivers);
        Assert.Contains("The host keeps", plan.Safety.HostDisplay, StringComparison.Ordinal);
        Assert.Equal(SampleWorkstation.HostGpu, plan.Safety.HostGpu);
        Assert.Contains(plan.Changes.Notes, n => n.Contains("Moved kvm.ignore_msrs=1", StringComparison.Ordinal));
        var payload = plan.Payload!;
        Assert.Equal(["vfio_pci", "vfio", "vfio_iommu_type1"], payload.Modules);
        Assert.Equal(["/etc/modprobe.d/vfio.conf"], payload.ModprobeFiles);
        Assert.Contains("vfio_bind_one 0000:07:00.0 1002 73ff", payload.BindingScript, StringComparison.Ordinal);
        Assert.Contains("vfio_bind_one 0000:07:00.1 1002 ab28", payload.BindingScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_GuideWorkstation_LintsTheGuidesOwnMistakes()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        Assert.Equal([ModprobeFindingKind.ForeignParameter, ModprobeFindingKind.IdCapturesHostDevice], plan.Findings.Select(f => f.Kind));
        var collision = plan.Findings[1];
        Assert.Equal(ModprobeFindingSeverity.Error, collision.Severity);
        Assert.StartsWith("1002:ab28 also matches 0000:03:00.1", collision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_GuideWorkstation_KmodShowsExactlyTheIntendedLines()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);
        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        var lines = await ShowConfigOfAsync(plan.Changes!.Files[0].After);

        Assert.Equal(
            ["options kvm ignore_msrs=1", "options vfio_pci disable_vga=1", "softdep amdgpu pre: vfio-pci", "softdep radeon pre: vfio-pci", "softdep snd_hda_intel pre: vfio-pci"],
            lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Plan_GuideWorkstationOnRealKernel_LoadsTheVfioChainBeforeAmdgpu()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);
        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });
        var (stage, version) = await RealKernel.RequireAsync(TestContext.Current.CancellationToken);
        var directory = Directory.CreateTempSubdirectory("passthroughweb-plan-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "vfio.conf"), plan.Changes!.Files[0].After, TestContext.Current.CancellationToken);
            foreach (var driver in (string[])["amdgpu", "snd_hda_intel"])
            {
                var result = await Kmod.RunAsync(["-C", directory.FullName, "-d", stage, "-S", version, "--show-depends", driver], TestContext.Current.CancellationToken);
                Assert.True(result.Succeeded, result.StandardError);
                var modules = result.StandardOutput.Split('\n').Where(l => l.StartsWith("insmod ", StringComparison.Ordinal)).Select(l => Path.GetFileName(l.Split(' ')[1])).ToList();
                var vfio = modules.IndexOf("vfio-pci.ko");
                var own = modules.IndexOf(driver.Replace('_', '-') + ".ko");
                Assert.True(vfio >= 0 && own > vfio, $"{driver}: vfio-pci must load first; modprobe would load {string.Join(", ", modules)}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Plan_AppliedThenPlannedAgain_IsEmpty()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);
        var request = new IsolationRequest { Gpu = SampleWorkstation.GuestGpu };
        var first = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), request);
        root.WriteText("etc/modprobe.d/vfio.conf", first.Changes!.Files[0].After);

        var second = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), request);

        Assert.True(second.Changes!.IsEmpty, string.Join("\n", second.Changes.Files.Select(f => f.After)));
        Assert.False(second.Changes.NeedsReboot);
    }

    [Fact]
    public void Plan_UniqueIdsNvidiaWithFourFunctions_BindsAllByIdWithEverySoftdep()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, IsolationHosts.NvidiaSpec);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = IsolationHosts.NvidiaGpu });

        Assert.False(plan.IsRefused, string.Join(" ", plan.Safety.Refusals.Select(r => r.Why)));
        Assert.Equal(BindingMethod.ById, plan.Method);
        Assert.StartsWith("Bound by ID: no other device of this host has 10de:1e07, 10de:10f7, 10de:1ad6 and 10de:1ad7", plan.MethodExplanation, StringComparison.Ordinal);
        Assert.Equal(4, plan.Functions.Count);
        Assert.Empty(plan.AddressBindings);
        Assert.Null(plan.Payload!.BindingScript);
        Assert.Equal(["nvidia", "nouveau", "nvidia_drm", "snd_hda_intel", "xhci_pci", "i2c_nvidia_gpu"], plan.Drivers);
        var change = Assert.Single(plan.Changes!.Files);
        Assert.Null(change.Before);
        Assert.Equal(
            "# Written by PassthroughWeb (step 3): load vfio-pci before the drivers that would claim the passed card.\n" +
            "softdep nvidia pre: vfio-pci\nsoftdep nouveau pre: vfio-pci\nsoftdep nvidia_drm pre: vfio-pci\nsoftdep snd_hda_intel pre: vfio-pci\n" +
            "softdep xhci_pci pre: vfio-pci\nsoftdep i2c_nvidia_gpu pre: vfio-pci\n" +
            "options vfio-pci ids=10de:1e07,10de:10f7,10de:1ad6,10de:1ad7 disable_vga=1\n",
            change.After);
        Assert.Equal(IsolationHosts.IntelGpu, plan.Safety.HostGpu);
        Assert.EndsWith("(0000:00:02.0) for its own display.", plan.Safety.HostDisplay, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UniqueIdsNvidia_KmodShowsTheIdsAndSoftdeps()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, IsolationHosts.NvidiaSpec);
        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = IsolationHosts.NvidiaGpu });

        var lines = await ShowConfigOfAsync(plan.Changes!.Files[0].After);

        Assert.Contains("options vfio_pci ids=10de:1e07,10de:10f7,10de:1ad6,10de:1ad7 disable_vga=1", lines);
        Assert.Equal(6, lines.Count(l => l.StartsWith("softdep ", StringComparison.Ordinal) && l.EndsWith(" pre: vfio-pci", StringComparison.Ordinal)));
        Assert.Equal(7, lines.Count);
    }

    [Fact]
    public void Plan_SingleGpuHostWithoutChoice_IsRefusedWithWhatToDo()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, new HostTreeSpec { Listing = IommuListing.Parse(IsolationHosts.SingleGpuListing), IommuEnabled = true });
        var gpu = new PciAddress(0, 0x0a, 0, 0);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = gpu });

        Assert.True(plan.IsRefused);
        Assert.Null(plan.Changes);
        Assert.Null(plan.Payload);
        Assert.Equal([IsolationRefusalKind.BootDisplay, IsolationRefusalKind.OnlyGpu], plan.Safety.Refusals.Select(r => r.Kind));
        Assert.All(plan.Safety.Refusals, r => Assert.True(r.LiftedBySingleGpuChoice));
        Assert.Contains("single-GPU", plan.Safety.Refusals[1].WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SingleGpuHostWithExplicitChoice_IsPlannedAndSaysTheHostHasNoDisplay()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, new HostTreeSpec { Listing = IommuListing.Parse(IsolationHosts.SingleGpuListing), IommuEnabled = true });

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = new PciAddress(0, 0x0a, 0, 0), SingleGpuChosen = true });

        Assert.False(plan.IsRefused);
        Assert.NotNull(plan.Changes);
        Assert.Null(plan.Safety.HostGpu);
        Assert.StartsWith("Single-GPU mode: the host keeps no display", plan.Safety.HostDisplay, StringComparison.Ordinal);
        Assert.Contains(plan.Safety.HostDisplay, plan.Changes.Notes);
    }

    [Fact]
    public void Plan_GpuInGroupWithRootNvme_IsRefusedEvenInSingleGpuMode()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, new HostTreeSpec { Listing = IommuListing.Parse(IsolationHosts.SharedGroupListing), IommuEnabled = true });
        IsolationHosts.RootOnNvme(root, new PciAddress(0, 3, 0, 0));

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = new PciAddress(0, 5, 0, 0), SingleGpuChosen = true });

        Assert.True(plan.IsRefused);
        var refusal = Assert.Single(plan.Safety.Refusals);
        Assert.Equal(IsolationRefusalKind.RootDisk, refusal.Kind);
        Assert.Contains("0000:03:00.0", refusal.Why, StringComparison.Ordinal);
        Assert.Contains("the / filesystem (/dev/nvme0n1p2, on nvme0n1)", refusal.Why, StringComparison.Ordinal);
        Assert.Contains("IOMMU group 13", refusal.Why, StringComparison.Ordinal);
        Assert.False(refusal.LiftedBySingleGpuChoice);
        Assert.Null(plan.Changes);
    }

    [Fact]
    public void Plan_GpuInGroupWithDefaultRouteNic_IsRefused()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, new HostTreeSpec { Listing = IommuListing.Parse(IsolationHosts.SharedGroupListing), IommuEnabled = true });
        IsolationHosts.DefaultRouteVia(root, new PciAddress(0, 4, 0, 0), "enp4s0");

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = new PciAddress(0, 5, 0, 0) });

        var refusal = Assert.Single(plan.Safety.Refusals);
        Assert.Equal(IsolationRefusalKind.Network, refusal.Kind);
        Assert.Contains("the network interface of the default route (br0 via enp4s0)", refusal.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RootNvmeInAnotherGroup_IsNotRefused()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, IsolationHosts.NvidiaSpec);
        IsolationHosts.RootOnNvme(root, IsolationHosts.Nvme);
        IsolationHosts.DefaultRouteVia(root, IsolationHosts.Ethernet, "enp4s0");

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = IsolationHosts.NvidiaGpu });

        Assert.False(plan.IsRefused);
        Assert.Equal([(IsolationHosts.Nvme, IsolationRefusalKind.RootDisk), (IsolationHosts.Ethernet, IsolationRefusalKind.Network)],
            plan.Safety.CriticalDevices.Select(c => (c.Address, c.Kind)));
    }

    [Fact]
    public void Plan_KernelOlderThan62_LoadsVfioVirqfd()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);
        IsolationHosts.Kernel(root, "6.1.0-56-amd64");
        IsolationHosts.Kernel(root, "6.12.9-amd64");

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        Assert.Equal(["vfio_pci", "vfio", "vfio_iommu_type1", "vfio_virqfd"], plan.Payload!.Modules);
        Assert.Contains(plan.Changes!.Notes, n => n.StartsWith("Kernel 6.1.0-56-amd64 is older than 6.2", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_Kernel62AndLater_DoesNotLoadVfioVirqfd()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host);
        IsolationHosts.Kernel(root, "6.2.0-1-generic");

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        Assert.DoesNotContain("vfio_virqfd", plan.Payload!.Modules);
    }

    [Fact]
    public void Plan_VfioBuiltInWithUniqueIds_ReturnsTheKernelParameterInstead()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Write(host, IsolationHosts.NvidiaSpec);
        IsolationHosts.Kernel(root, "6.8.0-49-generic", builtinVfioPci: true);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = IsolationHosts.NvidiaGpu });

        Assert.True(plan.VfioBuiltin);
        Assert.Equal(BindingMethod.ById, plan.Method);
        Assert.Equal(["vfio-pci.ids=10de:1e07,10de:10f7,10de:1ad6,10de:1ad7", "vfio-pci.disable_vga=1"], plan.KernelParameters);
        Assert.Empty(plan.Changes!.Files);
        Assert.Empty(plan.Payload!.Modules);
        Assert.Contains(plan.Changes.Notes, n => n.StartsWith("vfio-pci is built into kernel 6.8.0-49-generic", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_VfioBuiltInWithCollidingIds_StillBindsByAddressWithoutModprobe()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host, vfioConf: null);
        IsolationHosts.Kernel(root, "6.8.0-49-generic", builtinVfioPci: true);

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        Assert.Equal(BindingMethod.ByAddress, plan.Method);
        Assert.DoesNotContain(plan.KernelParameters, p => p.StartsWith("vfio-pci.ids", StringComparison.Ordinal));
        Assert.DoesNotContain("modprobe", plan.Payload!.BindingScript!, StringComparison.Ordinal);
        Assert.Contains("driver_override", plan.Payload.BindingScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SoftdepForTheDriverInAnEarlierFile_SaysKmodIgnoresOurs()
    {
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host, vfioConf: null);
        root.WriteText("etc/modprobe.d/amdgpu.conf", "softdep amdgpu pre: kvm\n");

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), new IsolationRequest { Gpu = SampleWorkstation.GuestGpu });

        var after = plan.Changes!.Files[0].After;
        Assert.DoesNotContain("softdep amdgpu", after, StringComparison.Ordinal);
        Assert.Contains(plan.Changes.Notes, n => n.StartsWith("/etc/modprobe.d/amdgpu.conf:1 (`softdep amdgpu pre: kvm`) is the first softdep kmod reads for amdgpu", StringComparison.Ordinal) &&
                                                 n.Contains("`softdep amdgpu pre: vfio-pci kvm`", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> ShowConfigOfAsync(string vfioConf)
    {
        var directory = Directory.CreateTempSubdirectory("passthroughweb-plan-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "vfio.conf"), vfioConf, TestContext.Current.CancellationToken);
            return await Kmod.ShowConfigAsync(directory.FullName, TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
