using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PassthroughWeb.Components.Profiles;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.Scanning;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Components.Profiles;

public sealed class ComparisonViewTests : BunitContext
{
    public ComparisonViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<ComparisonView> Render(ScanReport before, ScanReport after) =>
        Render<ComparisonView>(p => p
            .Add(v => v.Comparison, ProfileComparison.Compare(before, after))
            .Add(v => v.From, Stored(1, before))
            .Add(v => v.To, Stored(2, after)));

    private static StoredProfile Stored(int id, ScanReport report) =>
        new() { Id = id, HostName = report.HostName, HostIsDemo = false, TakenAt = report.ScannedAt, Report = report };

    [Fact]
    public void Render_CardMovedAndParametersAdded_ShowsEachAreaWithBeforeAndAfter()
    {
        var before = ProfileComparisonReports.Workstation(kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet splash intel_iommu=on");
        var devices = ProfileComparisonReports.WorkstationDevices().Where(d => d.Address.ToString() != "0000:07:00.1").ToList();
        devices.Add(ProfileComparisonReports.Device("0000:0a:00.1", "1002:ab28", "0403", "Navi 21/23 HDMI/DP Audio Controller", "snd_hda_intel", 19));
        var after = ProfileComparisonReports.Workstation(devices, kernelCommandLine: "BOOT_IMAGE=/vmlinuz-linux root=UUID=0a1b rw quiet intel_iommu=on iommu=pt");

        var view = Render(before, after);

        Assert.Equal(["Boot", "Devices"], view.FindAll("[data-testid=comparison-area]").Select(a => a.GetAttribute("data-area")));
        Assert.Equal(["− splash", "+ iommu=pt"], view.FindAll("[data-testid=cmdline-diff] span").Select(s => s.TextContent.Trim()));
        Assert.Equal("cmdline-token-removed", view.FindAll("[data-testid=cmdline-diff] span")[0].ClassName);
        var moved = view.Find("[data-testid=comparison-change][data-kind=DeviceMoved]");
        Assert.Equal("Before0000:07:00.1", moved.QuerySelector(".profile-diff-before")!.TextContent);
        Assert.Equal("After0000:0a:00.1", moved.QuerySelector(".profile-diff-after")!.TextContent);
        Assert.Contains("2 changes.", view.Find("[data-testid=comparison-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeviceGone_ShowsADashForAfter()
    {
        var before = ProfileComparisonReports.Workstation();
        var after = ProfileComparisonReports.Workstation([.. before.Devices.Where(d => d.Address.ToString() != "0000:00:1f.0")]);

        var removed = Render(before, after).Find("[data-testid=comparison-change][data-kind=DeviceRemoved]");

        Assert.Equal("Before8086:0685", removed.QuerySelector(".profile-diff-before")!.TextContent);
        Assert.Equal("After—", removed.QuerySelector(".profile-diff-after")!.TextContent);
    }

    [Fact]
    public void Render_SameScan_SaysNothingChanged() =>
        Assert.NotNull(Render(ProfileComparisonReports.Workstation(), ProfileComparisonReports.Workstation()).Find("[data-testid=no-changes]"));
}
