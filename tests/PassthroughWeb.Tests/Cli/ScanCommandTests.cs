using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;

namespace PassthroughWeb.Tests.Cli;

public sealed partial class ScanCommandTests : IDisposable
{
    private readonly WorkstationHost _host = new();
    private readonly string _data = Directory.CreateTempSubdirectory("pw-cli-data-").FullName;

    [GeneratedRegex("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$")]
    private static partial Regex FullAddress();

    [GeneratedRegex("^[0-9a-f]{4}$")]
    private static partial Regex HexId();

    [Fact]
    public async Task Scan_JsonOnWorkstationRoot_PrintsOnlyTheContract()
    {
        var run = await CliRun.RunAsync("scan", "--root", _host.Path, "--json", "--data", _data);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonDocument.Parse(run.StandardOutput);
        var doc = json.RootElement;
        Assert.Equal(1, doc.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("workstation", doc.GetProperty("host").GetProperty("name").GetString());
        Assert.True(doc.GetProperty("scannedAt").TryGetDateTimeOffset(out _));
        Assert.Contains("amd_iommu=on", doc.GetProperty("kernelCommandLine").GetString(), StringComparison.Ordinal);

        var cpu = doc.GetProperty("cpu");
        Assert.Equal("amd", cpu.GetProperty("vendor").GetString());
        Assert.Equal("AMD Ryzen 7 5800X 8-Core Processor", cpu.GetProperty("model").GetString());
        Assert.True(cpu.GetProperty("virtualization").GetBoolean());
        Assert.False(cpu.GetProperty("hypervisor").GetBoolean());

        var iommu = doc.GetProperty("iommu");
        Assert.True(iommu.GetProperty("enabled").GetBoolean());
        Assert.Equal(3, iommu.GetProperty("groupCount").GetInt32());
        Assert.Equal("ivrs", iommu.GetProperty("firmwareTable").GetString());
        Assert.Contains("amd_iommu=on", iommu.GetProperty("kernelParameters").EnumerateArray().Select(p => p.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(iommu.GetProperty("explanation").GetString()));

        var devices = doc.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(6, devices.Count);
        foreach (var device in devices)
        {
            Assert.Matches(FullAddress(), device.GetProperty("address").GetString());
            Assert.Matches(HexId(), device.GetProperty("vendorId").GetString());
            Assert.Matches(HexId(), device.GetProperty("deviceId").GetString());
            Assert.Matches(HexId(), device.GetProperty("classCode").GetString());
            Assert.Matches(HexId(), device.GetProperty("subsystemVendorId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(device.GetProperty("name").GetString()));
            Assert.Equal(JsonValueKind.Array, device.GetProperty("problems").ValueKind);
        }
        var guestGpu = devices.Single(d => d.GetProperty("address").GetString() == "0000:07:00.0");
        Assert.Equal("1002", guestGpu.GetProperty("vendorId").GetString());
        Assert.Equal("73ff", guestGpu.GetProperty("deviceId").GetString());
        Assert.Equal("0300", guestGpu.GetProperty("classCode").GetString());
        Assert.Equal("Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M]", guestGpu.GetProperty("name").GetString());
        Assert.Equal("Navi 23 [Radeon RX 6600/6600 XT/6600M]", guestGpu.GetProperty("deviceName").GetString());
        Assert.Equal("amdgpu", guestGpu.GetProperty("driver").GetString());
        Assert.Equal(18, guestGpu.GetProperty("iommuGroup").GetInt32());
        Assert.False(guestGpu.GetProperty("bootVga").GetBoolean());
        Assert.Equal(["bus"], guestGpu.GetProperty("resetMethods").EnumerateArray().Select(m => m.GetString()));
        var bridge = devices.Single(d => d.GetProperty("address").GetString() == "0000:00:01.0");
        Assert.Equal(JsonValueKind.Null, bridge.GetProperty("bootVga").ValueKind);

        var groups = doc.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal([1, 18, 19], groups.Select(g => g.GetProperty("number").GetInt32()).Order());

        var gpus = doc.GetProperty("gpus").EnumerateArray().ToDictionary(g => g.GetProperty("address").GetString()!);
        Assert.Equal(["0000:03:00.0", "0000:07:00.0"], gpus.Keys.Order(StringComparer.Ordinal));
        var guest = gpus["0000:07:00.0"];
        Assert.Equal("ready", guest.GetProperty("verdict").GetString());
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], guest.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal([18, 19], guest.GetProperty("groups").EnumerateArray().Select(g => g.GetInt32()));
        Assert.Equal(["0000:03:00.1"], guest.GetProperty("idCollisions").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(guest.GetProperty("groupMates").EnumerateArray());
        Assert.NotEmpty(guest.GetProperty("reasons").EnumerateArray());
        Assert.NotEmpty(guest.GetProperty("notes").EnumerateArray());
        var hostGpu = gpus["0000:03:00.0"];
        Assert.Equal("ready", hostGpu.GetProperty("verdict").GetString());
        Assert.True(hostGpu.GetProperty("bootVga").GetBoolean());
        Assert.Equal(["0000:07:00.1"], hostGpu.GetProperty("idCollisions").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(doc.GetProperty("warnings").EnumerateArray());

        // Only the JSON is on stdout; the note about storing the profile, if any, went to stderr.
        Assert.Contains(_data, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_TextOnWorkstationRoot_ShowsVerdictsGroupsAndIommu()
    {
        var run = await CliRun.RunAsync("scan", "--root", _host.Path, "--no-save");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var text = run.StandardOutput;
        Assert.Contains("AMD Ryzen 7 5800X 8-Core Processor", text, StringComparison.Ordinal);
        Assert.Contains("IOMMU    enabled, 3 groups, units ivhd0", text, StringComparison.Ordinal);
        Assert.Contains("IVRS (AMD-Vi)", text, StringComparison.Ordinal);
        Assert.Matches(@"0000:07:00\.0 .*\[READY\]", text);
        Assert.Contains("functions: 0000:07:00.0, 0000:07:00.1", text, StringComparison.Ordinal);
        Assert.Contains("same vendor:device ID as: 0000:03:00.1", text, StringComparison.Ordinal);
        Assert.Contains("  Group 18\n    0000:07:00.0  0300  1002:73ff  amdgpu           Advanced Micro Devices, Inc. [AMD/ATI] Navi 23", text, StringComparison.Ordinal);
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public async Task Scan_MissingRoot_FailsWithMessageOnStderrOnly()
    {
        var missing = Path.Combine(_data, "no-such-host");

        var run = await CliRun.RunAsync("scan", "--root", missing, "--json", "--data", _data);

        Assert.Equal(ExitCodes.RootNotFound, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.Contains($"'{missing}' does not exist", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data));
    }

    [Fact]
    public async Task Scan_NotRoot_SaysTheScanIsReadOnlyOnStderr()
    {
        var services = CliServices.Default with { IsPrivileged = false };

        var run = await CliRun.RunAsync(services, "scan", "--root", _host.Path, "--json", "--no-save");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Not running as root", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("may be unreadable", run.StandardError, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Scan_DataDirectoryIsAFile_FailsWithDataDirectoryUnusable()
    {
        var file = Path.Combine(_data, "not-a-directory");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("scan", "--root", _host.Path, "--json", "--data", file);

        Assert.Equal(ExitCodes.DataDirectoryUnusable, run.ExitCode);
        Assert.Contains("could not be stored", run.StandardError, StringComparison.Ordinal);
        // The scan itself still reached stdout whole: a script that ignores storage can use it.
        using var json = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(6, json.RootElement.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task Scan_DataFromEnvironment_IsUsedWhenNoOptionIsGiven()
    {
        var services = CliServices.Default with
        {
            GetEnvironmentVariable = name => name == "PASSTHROUGHWEB_DATA" ? _data : null,
        };

        var run = await CliRun.RunAsync(services, "scan", "--root", _host.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"in {_data}", run.StandardError, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(_data));
    }

    [Fact]
    public async Task Scan_ThisMachine_SucceedsAndExplainsWhyPassthroughIsImpossible()
    {
        if (Directory.Exists("/sys/kernel/iommu_groups") && Directory.EnumerateDirectories("/sys/kernel/iommu_groups").Any())
            Assert.Skip("This machine has IOMMU groups: the test is about the CI machine, a VM without them.");

        var json = await CliRun.RunAsync("scan", "--root", "/", "--json", "--no-save");
        var text = await CliRun.RunAsync("scan", "--no-save");

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        using var doc = JsonDocument.Parse(json.StandardOutput);
        var iommu = doc.RootElement.GetProperty("iommu");
        Assert.False(iommu.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, iommu.GetProperty("groupCount").GetInt32());
        var explanation = iommu.GetProperty("explanation").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(explanation));
        Assert.NotEmpty(doc.RootElement.GetProperty("devices").EnumerateArray());
        foreach (var gpu in doc.RootElement.GetProperty("gpus").EnumerateArray())
        {
            Assert.Equal("blocked", gpu.GetProperty("verdict").GetString());
            Assert.NotEmpty(gpu.GetProperty("reasons").EnumerateArray());
        }
        Assert.Contains("IOMMU    NOT enabled", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(explanation, text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("in no IOMMU group", text.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
