using System.Text.Json;
using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

/// <summary>The reply parsers on what the real qemu-ga (Debian 12's, 7.2) answers on this machine.</summary>
public sealed class GuestAgentRepliesTests
{
    [Fact]
    public async Task Parse_RealGuestPing_IsAnEmptyReturn()
    {
        await using var agent = await RealQemuGuestAgent.StartAsync();

        var reply = GuestAgentReply.Parse(await agent.ExecuteAsync("guest-ping"));

        Assert.Null(reply.Malformed);
        Assert.Null(reply.ErrorClass);
        Assert.Equal(JsonValueKind.Object, reply.Return?.ValueKind);
    }

    [Fact]
    public async Task FromReturn_RealGuestGetOsinfo_MatchesThisMachinesOsRelease()
    {
        await using var agent = await RealQemuGuestAgent.StartAsync();

        var reply = GuestAgentReply.Parse(await agent.ExecuteAsync("guest-get-osinfo"));
        var info = GuestOsInfo.FromReturn(reply.Return!.Value);

        var osRelease = File.ReadAllLines("/etc/os-release").Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        Assert.NotNull(info);
        Assert.Equal(osRelease["ID"], info.Id);
        Assert.Equal(osRelease["PRETTY_NAME"], info.PrettyName);
        Assert.Equal(osRelease["PRETTY_NAME"], info.DisplayName);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), info.KernelRelease);
        Assert.Equal("x86_64", info.Machine);
        Assert.False(info.IsWindows);
    }

    [Fact]
    public async Task Classify_RealGuestGetDevicesOnLinux_IsUnsupportedWithTheWindowsOnlyReason()
    {
        await using var agent = await RealQemuGuestAgent.StartAsync();

        var reply = GuestAgentReply.Parse(await agent.ExecuteAsync("guest-get-devices"));
        // libvirt passes the agent's error on as "unable to execute QEMU agent command 'NAME': DESC"; the class is in the agent's own reply.
        var (status, explanation) = VirshAgentCommand.Classify(
            $"error: internal error: unable to execute QEMU agent command 'guest-get-devices': {reply.ErrorDescription}", "qemu:///system", "win11", "guest-get-devices");

        Assert.Equal("CommandNotFound", reply.ErrorClass);
        Assert.Contains("guest-get-devices", reply.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(GuestAgentStatus.CommandUnsupported, status);
        Assert.Contains("only in the Windows agent", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_RealUnknownCommand_IsUnsupported()
    {
        await using var agent = await RealQemuGuestAgent.StartAsync();

        var reply = GuestAgentReply.Parse(await agent.ExecuteAsync("guest-no-such-command"));
        var (status, _) = VirshAgentCommand.Classify($"{reply.ErrorClass}: {reply.ErrorDescription}", "qemu:///system", "vm", "guest-no-such-command");

        Assert.Equal(GuestAgentStatus.CommandUnsupported, status);
    }

    /// <summary>
    /// The Windows success shape, built from QEMU's schema (qemu/qemu qga/qapi-schema.json: GuestDeviceInfo {driver-name,
    /// *driver-date: int, nanoseconds since the epoch, *driver-version, *id: GuestDeviceId}, GuestDeviceId a union on
    /// "type" with "pci": GuestDeviceIdPCI {vendor-id: uint16, device-id: uint16}; since 5.2) and filled the way
    /// qga/commands-win32.c does (driver-name from the device's name, IDs parsed from its hardware ID as numbers).
    /// libvirt prints the agent's reply compact, as below.
    /// </summary>
    internal const string WindowsDevicesReply =
        """{"return":[{"driver-date":1682899200000000000,"driver-name":"NVIDIA GeForce RTX 3080","id":{"device-id":8710,"type":"pci","vendor-id":4318},"driver-version":"31.0.15.3179"},""" +
        """{"driver-date":1589414400000000000,"driver-name":"Red Hat VirtIO Ethernet Adapter","id":{"device-id":4096,"type":"pci","vendor-id":6900},"driver-version":"100.85.104.20800"},""" +
        """{"driver-date":1150848000000000000,"driver-name":"Microsoft Basic Display Adapter","id":{"device-id":4369,"type":"pci","vendor-id":4660},"driver-version":"10.0.19041.3636"}]}""";

    [Fact]
    public void ListFromReturn_WindowsSchemaShape_GivesHexIdsVersionsAndDates()
    {
        var devices = GuestDeviceInfo.ListFromReturn(GuestAgentReply.Parse(WindowsDevicesReply).Return!.Value);

        Assert.NotNull(devices);
        Assert.Equal(3, devices.Count);
        var gpu = devices[0];
        Assert.Equal("NVIDIA GeForce RTX 3080", gpu.DriverName);
        Assert.Equal(("10de", "2206"), (gpu.VendorId, gpu.DeviceId));
        Assert.Equal("31.0.15.3179", gpu.DriverVersion);
        Assert.Equal(new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero), gpu.DriverDate);
        Assert.Equal(("1af4", "1000"), (devices[1].VendorId, devices[1].DeviceId));
        Assert.Equal(("1234", "1111"), (devices[2].VendorId, devices[2].DeviceId));
    }

    [Fact]
    public void ListFromReturn_EntriesWithoutIdOrName_AreKeptOrSkippedAsTheSchemaAllows()
    {
        var json = """{"return":[{"driver-name":"No ID"},{"driver-version":"1.0"},{"driver-name":"Other bus","id":{"type":"usb"}}]}""";

        var devices = GuestDeviceInfo.ListFromReturn(GuestAgentReply.Parse(json).Return!.Value)!;

        Assert.Equal(["No ID", "Other bus"], devices.Select(d => d.DriverName));
        Assert.All(devices, d => Assert.Null(d.VendorId));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "array")]
    [InlineData("{\"id\": 1}", "neither")]
    public void Parse_NotAnAgentReply_SaysWhy(string text, string why)
    {
        Assert.Contains(why, GuestAgentReply.Parse(text).Malformed, StringComparison.Ordinal);
    }
}
