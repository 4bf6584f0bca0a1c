using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Isolation;

/// <summary>The binding script run for real by the shells an initramfs has (dash, busybox sh) on a copy of sysfs.</summary>
public sealed class BindingScriptTests
{
    private static readonly PciAddress Video = new(0, 7, 0, 0);
    private static readonly PciAddress Audio = new(0, 7, 0, 1);

    public static TheoryData<string> Shells => ["dash", "busybox"];

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Run_ExpectedIds_SetsOverrideUnbindsAndProbes(string shell)
    {
        using var host = new TemporaryHostRoot();
        WriteDevice(host.Root, Video, "0x1002", "0x73ff", "amdgpu");
        WriteDevice(host.Root, Audio, "0x1002", "0xab28", null);
        var script = BindingScript.Build([new AddressBinding(Video, "1002", "73ff"), new AddressBinding(Audio, "1002", "ab28")], vfioBuiltin: false);

        var result = await RunAsync(shell, script, host, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("vfio-pci\n", host.Root.TryReadText($"sys/bus/pci/devices/{Video}/driver_override"));
        Assert.Equal("vfio-pci\n", host.Root.TryReadText($"sys/bus/pci/devices/{Audio}/driver_override"));
        Assert.Equal($"{Video}\n", host.Root.TryReadText("sys/bus/pci/drivers/amdgpu/unbind"));
        // drivers_probe is written once per device; a plain file keeps the last write.
        Assert.Equal($"{Audio}\n", host.Root.TryReadText("sys/bus/pci/drivers_probe"));
        Assert.Equal("-i vfio-pci\n", host.Root.TryReadText("modprobe.log"));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Run_CardMovedAndAnotherDeviceAtTheAddress_RefusesToBindIt(string shell)
    {
        using var host = new TemporaryHostRoot();
        WriteDevice(host.Root, Video, "0x8086", "0x1539", "igb");
        var script = BindingScript.Build([new AddressBinding(Video, "1002", "73ff")], vfioBuiltin: false);

        var result = await RunAsync(shell, script, host, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("(null)\n", host.Root.TryReadText($"sys/bus/pci/devices/{Video}/driver_override"));
        Assert.Equal("", host.Root.TryReadText("sys/bus/pci/drivers/igb/unbind"));
        Assert.Null(host.Root.TryReadText("sys/bus/pci/drivers_probe"));
        Assert.Null(host.Root.TryReadText("modprobe.log"));
        Assert.Contains("0000:07:00.0 is now 0x8086:0x1539, not the expected 0x1002:0x73ff", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_AnyBindings_IsValidPosixShWithoutExit()
    {
        var script = BindingScript.Build([new AddressBinding(Video, "1002", "73ff")], vfioBuiltin: true);
        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest("dash", ["-n", "-c", script]), TestContext.Current.CancellationToken);
        if (!result.Started) Assert.Skip("dash is not installed.");

        Assert.True(result.Succeeded, result.StandardError);
        // dracut sources its hooks: an exit would end dracut's own init.
        Assert.DoesNotContain("exit", script, StringComparison.Ordinal);
    }

    private static void WriteDevice(HostRoot root, PciAddress address, string vendor, string device, string? driver)
    {
        var path = $"sys/devices/pci0000:00/{address}";
        root.WriteText($"{path}/vendor", vendor + "\n");
        root.WriteText($"{path}/device", device + "\n");
        root.WriteText($"{path}/driver_override", "(null)\n");
        root.CreateSymlink($"sys/bus/pci/devices/{address}", $"../../../devices/pci0000:00/{address}");
        if (driver is null) return;
        if (!root.FileExists($"sys/bus/pci/drivers/{driver}/unbind")) root.WriteText($"sys/bus/pci/drivers/{driver}/unbind", "");
        root.CreateSymlink($"{path}/driver", $"../../../bus/pci/drivers/{driver}");
    }

    private static async Task<CommandResult> RunAsync(string shell, string script, TemporaryHostRoot host, CancellationToken cancellationToken)
    {
        // A stand-in for modprobe (a shell function the variable names) records its arguments: the test must not load vfio-pci here.
        // Messages go to /dev/kmsg when it is writable, as at boot; the test keeps them on stderr to read them.
        var wrapper = $"VFIO_BIND_SYSFS='{host.Combine("sys")}'; VFIO_BIND_MODPROBE=fake_modprobe\n" +
                      $"fake_modprobe() {{ echo \"$*\" >> '{host.Combine("modprobe.log")}'; }}\n" +
                      script.Replace("[ -w /dev/kmsg ]", "false", StringComparison.Ordinal);
        var arguments = shell == "busybox" ? (IReadOnlyList<string>)["sh", "-c", wrapper] : ["-c", wrapper];
        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest(shell, arguments), cancellationToken);
        if (!result.Started) Assert.Skip($"{shell} is not installed.");
        return result;
    }
}
