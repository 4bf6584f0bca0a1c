using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

/// <summary>
/// Real images, not config files: the planned configuration is built into an initramfs for Debian's kernel with
/// the real mkinitramfs and dracut (in a private mount namespace, so this machine's /boot, /lib/modules and
/// /etc/modprobe.d are never written) and then listed by <see cref="InitramfsInspector"/>, the code that checks a
/// host's own images before the reboot banner.
/// </summary>
public sealed class RealInitramfsImageTests
{
    private readonly ProcessCommandRunner _runner = new();

    /// <summary>The real kernel the images are built for, set by each test before it builds.</summary>
    private RealKernelTree _kernel = null!;

    // mkinitramfs hard-codes /lib/modules/KVER and reads /boot/config-KVER and /etc/modprobe.d: all three are
    // replaced by mounts that only this namespace sees. /lib/modules itself is created once if missing (empty).
    private const string MkinitramfsScript = """
        stage=$1; k=$2; confdir=$3; modprobe=$4; out=$5
        [ -d /lib/modules ] || mkdir -p /lib/modules
        mount -t tmpfs tmpfs /lib/modules
        mkdir "/lib/modules/$k"
        mount --bind "$stage/lib/modules/$k" "/lib/modules/$k"
        mount -t tmpfs tmpfs /boot
        cp "$stage/boot/config-$k" /boot/
        mount --bind "$modprobe" /etc/modprobe.d
        mkinitramfs -d "$confdir" -o "$out" "$k"
        """;

    // dracut takes its modules from /usr/lib/dracut/modules.d: a copy with the planned module is mounted there.
    private const string DracutScript = """
        stage=$1; k=$2; confdir=$3; modprobe=$4; planned=$5; work=$6; out=$7
        cp -a /usr/lib/dracut/modules.d "$work/modules.d"
        if [ -d "$planned" ]; then cp -a "$planned"/. "$work/modules.d/"; fi
        mount --bind "$work/modules.d" /usr/lib/dracut/modules.d
        mount --bind "$modprobe" /etc/modprobe.d
        dracut -q --no-hostonly -m base --confdir "$confdir" --conf /dev/null --kmoddir "$stage/lib/modules/$k" --kver "$k" --force "$out"
        """;

    [Fact]
    public async Task InitramfsTools_PlannedAddressBinding_ImageHoldsVfioAndBindsBeforeUdev()
    {
        var ct = TestContext.Current.CancellationToken;
        _kernel = await RealKernel.RequireAsync(ct);
        using var host = NewHost();
        CopyTree("/etc/initramfs-tools", host.PathOf("/etc/initramfs-tools"));
        var kernels = InitramfsDetector.FindKernels(host.Root);

        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ByAddress(), kernels);
        Assert.False(plan.IsBlocked, string.Join("\n", plan.Findings));
        host.Apply(plan.Plan);
        await BuildWithMkinitramfsAsync(host, ct);

        var inspection = await new InitramfsInspector(_runner).InspectHostAsync(host.Root, InitramfsSystem.InitramfsTools, kernels, plan.Expectation, ct);
        Assert.False(inspection.IsBlocking, inspection.Summary);
        var image = Assert.Single(inspection.Images);
        Assert.Equal(ImageStatus.Complete, image.Status);
        Assert.Equal("lsinitramfs", image.Tool);
        Assert.Equal(TestPayloads.VfioModules, image.FoundModules);
        Assert.Contains("scripts/init-top/00-vfio-bind", image.Message, StringComparison.Ordinal);

        // The order the image's init really follows: our script before udev's.
        var unpacked = Path.Combine(host.Directory, "unpacked");
        var unpack = await _runner.RunAsync(new CommandRequest("unmkinitramfs", [host.PathOf("/boot/initrd.img-" + _kernel.Version), unpacked]), ct);
        Assert.True(unpack.Succeeded, unpack.StandardError);
        var main = File.Exists(Path.Combine(unpacked, "main/scripts/init-top/ORDER")) ? Path.Combine(unpacked, "main") : unpacked;
        var order = File.ReadAllLines(Path.Combine(main, "scripts/init-top/ORDER")).Where(l => l.StartsWith("/scripts/", StringComparison.Ordinal)).ToList();
        var ours = order.FindIndex(l => l.StartsWith("/scripts/init-top/00-vfio-bind ", StringComparison.Ordinal));
        var udev = order.FindIndex(l => l.StartsWith("/scripts/init-top/udev ", StringComparison.Ordinal));
        Assert.True(ours >= 0 && udev >= 0 && ours < udev, "ORDER:\n" + string.Join("\n", order));
        Assert.Equal(host.Read(InitramfsToolsPlanner.BindScript), File.ReadAllText(Path.Combine(main, "scripts/init-top/00-vfio-bind")));
        Assert.Equal("softdep amdgpu pre: vfio-pci\n", File.ReadAllText(Path.Combine(main, "etc/modprobe.d/vfio.conf")));
        var modules = File.ReadAllText(Path.Combine(main, "conf/modules"));
        Assert.Contains("vfio_pci", modules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitramfsTools_ImageBuiltWithoutThePlan_IsBlockingWithTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        _kernel = await RealKernel.RequireAsync(ct);
        using var host = NewHost();
        CopyTree("/etc/initramfs-tools", host.PathOf("/etc/initramfs-tools"));
        var kernels = InitramfsDetector.FindKernels(host.Root);
        var plan = new InitramfsToolsPlanner().Plan(host.Root, TestPayloads.ByAddress(), kernels);

        // The plan is made but never applied: the image is built from the stock configuration.
        await BuildWithMkinitramfsAsync(host, ct);

        var inspection = await new InitramfsInspector(_runner).InspectHostAsync(host.Root, InitramfsSystem.InitramfsTools, kernels, plan.Expectation, ct);
        Assert.True(inspection.IsBlocking);
        var image = Assert.Single(inspection.Images);
        Assert.Equal(ImageStatus.Incomplete, image.Status);
        Assert.Equal(TestPayloads.VfioModules, image.MissingModules);
        Assert.Contains(image.MissingFiles, f => f.ImagePath == "scripts/init-top/00-vfio-bind");
        Assert.Contains("lacks the modules vfio_pci, vfio, vfio_iommu_type1", image.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dracut_PlannedAddressBinding_ImageForceLoadsVfioAndHasThePreUdevHook()
    {
        var ct = TestContext.Current.CancellationToken;
        _kernel = await RealKernel.RequireAsync(ct);
        using var host = NewHost();
        var kernels = InitramfsDetector.FindKernels(host.Root);

        var plan = new DracutPlanner().Plan(host.Root, TestPayloads.ByAddress(), kernels);
        Assert.False(plan.IsBlocked, string.Join("\n", plan.Findings));
        host.Apply(plan.Plan);
        var image = host.PathOf("/boot/initramfs-" + _kernel.Version + ".img");
        var work = Directory.CreateDirectory(Path.Combine(host.Directory, "work")).FullName;
        var build = await _runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", "-ec", DracutScript, "sh", _kernel.Stage, _kernel.Version, host.PathOf("/etc/dracut.conf.d"), host.PathOf("/etc/modprobe.d"),
            host.PathOf("/usr/lib/dracut/modules.d"), work, image,
        ]) { Timeout = TimeSpan.FromMinutes(3) }, ct);
        Assert.True(build.Succeeded, $"dracut failed ({build.ExitCode}): {build.StandardError}");

        var inspection = await new InitramfsInspector(_runner).InspectHostAsync(host.Root, InitramfsSystem.Dracut, kernels, plan.Expectation, ct);
        Assert.False(inspection.IsBlocking, inspection.Summary);
        var checkedImage = Assert.Single(inspection.Images);
        Assert.Equal("lsinitrd", checkedImage.Tool);
        Assert.Equal(TestPayloads.VfioModules, checkedImage.FoundModules);
        Assert.Empty(checkedImage.MissingFiles);

        // force_drivers is what loads them before udev: dracut turns it into rd.driver.pre inside the image.
        var forced = await _runner.RunAsync(new CommandRequest("lsinitrd", ["-f", "etc/cmdline.d/20-force_drivers.conf", image]), ct);
        Assert.True(forced.Succeeded, forced.StandardError);
        Assert.Contains("rd.driver.pre=vfio_pci", forced.StandardOutput, StringComparison.Ordinal);
        var listing = await _runner.RunAsync(new CommandRequest("lsinitrd", [image]), ct);
        var hookPath = Assert.Single(InitramfsInspector.ParseListing(listing.StandardOutput), p => p.EndsWith(DracutPlanner.ImageHookPath, StringComparison.Ordinal));
        var hook = await _runner.RunAsync(new CommandRequest("lsinitrd", ["-f", hookPath, image]), ct);
        Assert.Equal(host.Read(DracutPlanner.HookScript), hook.StandardOutput);
    }

    private InitramfsTestRoot NewHost()
    {
        var host = new InitramfsTestRoot();
        host.Write("/etc/modprobe.d/vfio.conf", "softdep amdgpu pre: vfio-pci\n");
        // The kernel as the host has it: enough of its module tree for the detector and the built-in list.
        var modules = $"/lib/modules/{_kernel.Version}";
        foreach (var name in new[] { "modules.dep", "modules.builtin" })
            File.Copy(Path.Combine(_kernel.Stage, modules.TrimStart('/'), name), EnsureParent(host.PathOf(modules + "/" + name)));
        Directory.CreateDirectory(host.PathOf("/boot"));
        return host;
    }

    private async Task BuildWithMkinitramfsAsync(InitramfsTestRoot host, CancellationToken ct)
    {
        // Only the modules the configuration names (MODULES=list): 2 s instead of 22 s, and the check stays honest.
        host.Write("/etc/initramfs-tools/conf.d/zz-test-modules-list", "MODULES=list\n");
        var image = host.PathOf("/boot/initrd.img-" + _kernel.Version);
        var build = await _runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", "-ec", MkinitramfsScript, "sh", _kernel.Stage, _kernel.Version, host.PathOf("/etc/initramfs-tools"), host.PathOf("/etc/modprobe.d"), image,
        ]) { Timeout = TimeSpan.FromMinutes(3) }, ct);
        // A failed mkinitramfs leaves a 0-byte image behind: the exit code is what counts.
        Assert.True(build.Succeeded, $"mkinitramfs failed ({build.ExitCode}): {build.StandardError}");
    }

    private static string EnsureParent(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
    }
}
