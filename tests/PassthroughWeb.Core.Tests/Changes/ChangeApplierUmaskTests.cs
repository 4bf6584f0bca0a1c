using System.Runtime.InteropServices;
using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessUmaskCollection
{
    /// <summary>The umask belongs to the whole process: tests that change it run alone.</summary>
    public const string Name = "process umask";
}

/// <summary>The systemd unit runs the app with <c>UMask=0077</c>; what it creates on the host must not inherit that.</summary>
[Collection(ProcessUmaskCollection.Name)]
public sealed class ChangeApplierUmaskTests : IDisposable
{
    private readonly ChangeFixture _fixture = new();

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint SetUmask(uint mask);

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Apply_UnderTheServicesUmask_CreatesHostDirectoriesWorldReadable()
    {
        Directory.CreateDirectory(_fixture.MachinePath("etc"));
        var plan = ChangeFixture.Plan([new FileChange { Path = "/etc/dracut.conf.d/passthrough/vfio.conf", Before = null, After = "force_drivers+=\" vfio-pci \"\n", Reason = "test" }]);

        var previous = SetUmask(0b000_111_111);
        ApplyResult applied;
        try
        {
            applied = await _fixture.Applier().ApplyAsync(plan, "host1", "alice", TestContext.Current.CancellationToken);
        }
        finally
        {
            Assert.Equal(0b000_111_111u, SetUmask(previous));
        }

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        // dracut and mkinitramfs run as root either way, but a 0700 /etc/dracut.conf.d would hide it from every user.
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(_fixture.MachinePath("etc/dracut.conf.d")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(_fixture.MachinePath("etc/dracut.conf.d/passthrough")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(_fixture.MachinePath("etc/dracut.conf.d/passthrough/vfio.conf")));
    }

    public void Dispose() => _fixture.Dispose();
}
