using System.Text.Json;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

public sealed class ScanReportJsonTests
{
    [Fact]
    public void Serialize_Workstation_WritesCamelCaseStringEnumsAndFullAddresses()
    {
        var json = ScanReportJson.Serialize(ProfileComparisonReports.Workstation());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("intel", root.GetProperty("cpu").GetProperty("vendor").GetString());
        Assert.Equal("dmar", root.GetProperty("iommu").GetProperty("firmwareTable").GetString());
        var gpu = root.GetProperty("gpus")[0];
        Assert.Equal("0000:07:00.0", gpu.GetProperty("address").GetString());
        Assert.Equal("ready", gpu.GetProperty("verdict").GetString());
        Assert.Equal(["0000:07:00.0", "0000:07:00.1"], gpu.GetProperty("functions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("0000:03:00.1", gpu.GetProperty("idCollisions")[0].GetString());
        Assert.Equal(18, root.GetProperty("devices")[7].GetProperty("iommuGroup").GetInt32());
    }

    [Fact]
    public void Deserialize_SerializedWorkstation_RoundTripsEveryField()
    {
        var report = ProfileComparisonReports.Workstation(gpus:
        [
            ProfileComparisonReports.Gpu("0000:07:00.0", "0000:07:00.1", [18, 19], "0000:03:00.1", GpuVerdict.SharedGroup),
        ]);
        var json = ScanReportJson.Serialize(report);

        var back = ScanReportJson.Deserialize(json);

        Assert.Equal(json, ScanReportJson.Serialize(back));
        Assert.Equal(report.ScannedAt, back.ScannedAt);
        Assert.Equal(GpuVerdict.SharedGroup, back.Gpus[0].Verdict);
        Assert.Equal(report.Devices.Select(d => (d.Address, d.VendorDevice, d.Driver, d.IommuGroup, d.BootVga)), back.Devices.Select(d => (d.Address, d.VendorDevice, d.Driver, d.IommuGroup, d.BootVga)));
        Assert.Equal(report.Groups.Select(g => (g.Number, string.Join(' ', g.Devices))), back.Groups.Select(g => (g.Number, string.Join(' ', g.Devices))));
        Assert.Equal(["flr", "bus"], back.Devices[0].ResetMethods);
        Assert.Equal(report.Devices[2].Problems, back.Devices[2].Problems);
        Assert.False(ProfileComparison.Compare(report, back).HasChanges);
    }

    [Fact]
    public void Deserialize_ScanOfThisMachine_RoundTrips()
    {
        var report = new HostScanner(TimeProvider.System).Scan(HostRoot.Default);
        var json = ScanReportJson.Serialize(report);

        var back = ScanReportJson.Deserialize(json);

        Assert.Equal(json, ScanReportJson.Serialize(back));
        Assert.Equal(report.Devices.Count, back.Devices.Count);
    }

    [Fact]
    public void Deserialize_BadAddress_FailsWithTheAddressInTheMessage()
    {
        var json = ScanReportJson.Serialize(ProfileComparisonReports.Workstation()).Replace("0000:07:00.0", "07-00-0", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => ScanReportJson.Deserialize(json));

        Assert.Contains("'07-00-0' is not a PCI address", error.Message, StringComparison.Ordinal);
    }
}
