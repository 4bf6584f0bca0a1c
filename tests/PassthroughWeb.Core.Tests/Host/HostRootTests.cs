using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Host;

public sealed class HostRootTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hostroot-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public void Resolve_AbsoluteHostPath_LandsUnderTheRoot()
    {
        var root = new HostRoot(_directory);

        Assert.Equal(_directory + "/etc/default/grub", root.Resolve("/etc/default/grub"));
        Assert.Equal(_directory + "/etc/default/grub", root.Resolve("etc/default/grub"));
    }

    [Fact]
    public void Resolve_DotDotAboveTheRoot_IsRefused()
    {
        var root = new HostRoot(_directory);

        Assert.Throws<HostPathEscapesRootException>(() => root.Resolve("etc/../../secret"));
        Assert.Equal(_directory + "/secret", root.Resolve("etc/../secret"));
    }

    [Fact]
    public void Resolve_AbsoluteSymlinkOutsideTheRoot_IsRefused()
    {
        File.WriteAllText(Path.Combine(_outside, "passwd"), "outside");
        Directory.CreateDirectory(Path.Combine(_directory, "etc"));
        File.CreateSymbolicLink(Path.Combine(_directory, "etc", "passwd"), Path.Combine(_outside, "passwd"));
        var root = new HostRoot(_directory);

        Assert.Throws<HostPathEscapesRootException>(() => root.Resolve("etc/passwd"));
        Assert.Null(root.TryReadText("etc/passwd"));
    }

    [Fact]
    public void Resolve_RelativeSymlinkClimbingOut_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "etc"));
        File.CreateSymbolicLink(Path.Combine(_directory, "etc", "escape"), "../../../../../../tmp");
        var root = new HostRoot(_directory);

        Assert.Throws<HostPathEscapesRootException>(() => root.Resolve("etc/escape/x"));
    }

    [Fact]
    public void Resolve_RelativeSymlinkInside_IsFollowed()
    {
        var root = new HostRoot(_directory);
        root.WriteText("sys/devices/pci0000:00/0000:00:02.0/vendor", "0x8086\n");
        root.CreateSymlink("sys/bus/pci/devices/0000:00:02.0", "../../../devices/pci0000:00/0000:00:02.0");

        Assert.Equal("0x8086\n", root.TryReadText("sys/bus/pci/devices/0000:00:02.0/vendor"));
    }

    [Fact]
    public void ReadSymlink_TargetMissing_IsReportedAsDangling()
    {
        var root = new HostRoot(_directory);
        root.CreateDirectory("sys/devices/pci0000:00/0000:00:02.0");
        root.CreateSymlink("sys/devices/pci0000:00/0000:00:02.0/driver", "../../../bus/pci/drivers/i915");

        var link = root.OpenDirectory("sys/devices/pci0000:00/0000:00:02.0").ReadSymlink("driver");

        Assert.Equal(new SymlinkTarget(SymlinkState.Dangling, "i915"), link);
    }

    [Fact]
    public void ToHostPath_MachinePathUnderRoot_GivesTheHostsView()
    {
        var root = new HostRoot(_directory);

        Assert.Equal("/etc/default/grub", root.ToHostPath(_directory + "/etc/default/grub"));
    }

    [Fact]
    public void Constructor_MissingDirectory_Throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new HostRoot(Path.Combine(_directory, "nope")));
    }
}
