using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

public sealed class GuestDriverAdvisorTests
{
    [Fact]
    public void NeedsHiddenHypervisor_FermiCard_IsRequiredBecauseItsLastDriverIs391()
    {
        var advice = GuestDriverAdvisor.NeedsHiddenHypervisor(GpuDevices.GtxFermi);

        Assert.Equal(HiddenHypervisorNeed.Required, advice.Need);
        Assert.True(advice.ShouldHide);
        Assert.Contains("391.35", advice.Reason, StringComparison.Ordinal);
        Assert.Contains("Code 43", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsHiddenHypervisor_KeplerCard_IsNotNeededBecause474Exists()
    {
        var advice = GuestDriverAdvisor.NeedsHiddenHypervisor(GpuDevices.Gtx680);

        Assert.Equal(HiddenHypervisorNeed.NotNeeded, advice.Need);
        Assert.Contains("474", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsHiddenHypervisor_AmpereCardWithADriverBefore465_IsRequired()
    {
        Assert.True(NvidiaDriverVersion.TryParse("27.21.14.5671", out var installed));

        var advice = GuestDriverAdvisor.NeedsHiddenHypervisor(GpuDevices.Rtx3080, installed);

        Assert.Equal(HiddenHypervisorNeed.Required, advice.Need);
        Assert.Contains("456.71", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsHiddenHypervisor_NvidiaCardOfUnknownGeneration_IsRecommendedAndSaysSo()
    {
        var unknown = GpuDevices.Display("10de:3a00", deviceName: null);

        var advice = GuestDriverAdvisor.NeedsHiddenHypervisor(unknown);

        Assert.Equal(HiddenHypervisorNeed.Recommended, advice.Need);
        Assert.Contains("cannot be told", advice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1002:73ff")]
    [InlineData("8086:56a0")]
    [InlineData("102b:0536")]
    public void NeedsHiddenHypervisor_NotNvidia_IsNotNeeded(string vendorDevice)
    {
        Assert.Equal(HiddenHypervisorNeed.NotNeeded, GuestDriverAdvisor.NeedsHiddenHypervisor(GpuDevices.Display(vendorDevice)).Need);
    }

    [Fact]
    public void Advise_GuideRx6600_PointsAtAmdWithoutTheResetBug()
    {
        var advice = GuestDriverAdvisor.Advise(GpuDevices.GuideRx6600);

        Assert.Equal(GpuVendor.Amd, advice.Vendor);
        Assert.Equal(GuestDriverAdvisor.AmdDriverPage, advice.DownloadPage);
        Assert.Contains("Adrenalin", advice.WhatToDownload, StringComparison.Ordinal);
        Assert.DoesNotContain(KnownProblems.ResetBug, advice.KnownProblems);
        Assert.Contains(advice.WhatYouShouldSee, s => s.Contains("Navi 23 [Radeon RX 6600/6600 XT/6600M]", StringComparison.Ordinal) && s.Contains("no yellow mark", StringComparison.Ordinal));
        Assert.Contains(advice.WhatYouShouldSee, s => s.Contains("monitor plugged into the passed card shows the Windows desktop", StringComparison.Ordinal));
    }

    [Fact]
    public void Advise_PolarisCard_WarnsOfTheResetBugAndVendorReset()
    {
        var advice = GuestDriverAdvisor.Advise(GpuDevices.Rx580);

        Assert.Contains(KnownProblems.ResetBug, advice.KnownProblems);
        Assert.Contains(KnownProblems.FreezesOnSecondStart, advice.KnownProblems);
        Assert.Contains(advice.Notes, n => n.Contains("Polaris 10", StringComparison.Ordinal) && n.Contains("vendor-reset", StringComparison.Ordinal));
    }

    [Fact]
    public void Advise_FermiCard_Takes391AndKeepsTheHypervisorHidden()
    {
        var advice = GuestDriverAdvisor.Advise(GpuDevices.GtxFermi);

        Assert.Equal(GuestDriverAdvisor.NvidiaDriverPage, advice.DownloadPage);
        Assert.Equal("Fermi", advice.NvidiaGeneration?.Name);
        Assert.Contains("391.35", advice.WhatToDownload, StringComparison.Ordinal);
        Assert.Contains(KnownProblems.Code43, advice.KnownProblems);
        Assert.Equal(HiddenHypervisorNeed.Required, advice.HiddenHypervisor.Need);
    }

    [Fact]
    public void Advise_IntelArc_PointsAtArcDriverAndResizableBar()
    {
        var advice = GuestDriverAdvisor.Advise(GpuDevices.ArcA770);

        Assert.Equal(GuestDriverAdvisor.IntelArcDriverPage, advice.DownloadPage);
        Assert.Contains(KnownProblems.ArcResizableBar, advice.KnownProblems);
        Assert.Contains(advice.Notes, n => n.Contains("Resizable BAR", StringComparison.Ordinal));
    }

    [Fact]
    public void Advise_BattlemageByIdAlone_IsArc()
    {
        Assert.True(GuestDriverAdvisor.IsIntelArc(GpuDevices.Display("8086:e20b")));
        Assert.False(GuestDriverAdvisor.IsIntelArc(GpuDevices.Display("8086:3e92", "CoffeeLake-S GT2 [UHD Graphics 630]")));
    }

    [Fact]
    public void Advise_OtherMaker_HasNoPageAndSaysWhatToSearchFor()
    {
        var matrox = GpuDevices.Display("102b:0536", "Integrated Matrox G200eW3 Graphics Controller", vendorName: "Matrox Electronics Systems Ltd.");

        var advice = GuestDriverAdvisor.Advise(matrox);

        Assert.Equal(GpuVendor.Other, advice.Vendor);
        Assert.Null(advice.DownloadPage);
        Assert.Contains("no known guest driver page for Matrox Electronics Systems Ltd.", advice.WhatToDownload, StringComparison.Ordinal);
        Assert.Contains("\"Matrox Electronics Systems Ltd. Integrated Matrox G200eW3 Graphics Controller Windows driver\"", advice.WhatToDownload, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_BootVgaCardWithoutReset_WarnsOfFramebufferRomAndSecondStart()
    {
        var card = GpuDevices.Display("10de:2206", "GA102 [GeForce RTX 3080]", bootVga: true, resetMethods: []);

        var advice = GuestDriverAdvisor.Advise(card);

        Assert.Contains(KnownProblems.NoPictureBootFramebuffer, advice.KnownProblems);
        Assert.Contains(KnownProblems.NoPictureRomNeeded, advice.KnownProblems);
        Assert.Contains(KnownProblems.FreezesOnSecondStart, advice.KnownProblems);
    }

    [Fact]
    public void Advise_NotADisplayFunction_IsRefusedWithTheReason()
    {
        var audio = GpuDevices.Display("1002:ab28", classCode: "0403", address: "0000:07:00.1");

        var error = Assert.Throws<ArgumentException>(() => GuestDriverAdvisor.Advise(audio));
        Assert.Contains("0000:07:00.1 is not a display device", error.Message, StringComparison.Ordinal);
    }
}
