using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

/// <summary>Display functions as the scanner reads them, with their pci.ids names (Debian 12's hwdata 2023.04).</summary>
internal static class GpuDevices
{
    public static PciDevice Display(string vendorDevice, string? deviceName = null, string address = "0000:07:00.0", string classCode = "0300",
        bool? bootVga = false, IReadOnlyList<string>? resetMethods = null, string? vendorName = null) => new()
    {
        Address = PciAddress.Parse(address),
        VendorId = vendorDevice[..4],
        DeviceId = vendorDevice[5..],
        ClassCode = classCode,
        DeviceName = deviceName,
        VendorName = vendorName,
        BootVga = bootVga,
        ResetMethods = resetMethods,
    };

    public static PciDevice GuideRx6600 => Display("1002:73ff", "Navi 23 [Radeon RX 6600/6600 XT/6600M]", vendorName: "Advanced Micro Devices, Inc. [AMD/ATI]");
    public static PciDevice Rx580 => Display("1002:67df", "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]");
    public static PciDevice GtxFermi => Display("10de:0de1", "GF108 [GeForce GT 430]");
    public static PciDevice Gtx680 => Display("10de:1180", "GK104 [GeForce GTX 680]");
    public static PciDevice Rtx3080 => Display("10de:2206", "GA102 [GeForce RTX 3080]");
    public static PciDevice ArcA770 => Display("8086:56a0", "DG2 [Arc A770]");
}
