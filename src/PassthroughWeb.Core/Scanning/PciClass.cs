namespace PassthroughWeb.Core.Scanning;

/// <summary>What the class code of a PCI function (base class and subclass, e.g. <c>0300</c>) means for passthrough.</summary>
public static class PciClass
{
    /// <summary>Display controllers: VGA (0300), XGA (0301), 3D (0302), other (0380).</summary>
    public static bool IsDisplay(string classCode) => classCode.StartsWith("03", StringComparison.Ordinal);

    /// <summary>
    /// PCI-to-PCI bridges and root/switch ports (0604, 0609) and host bridges (0600). They share a group with
    /// a GPU without harm: vfio leaves them on the host (pcieport or no driver) and they are never passed.
    /// </summary>
    public static bool IsBridgeOrPort(string classCode) => classCode is "0604" or "0609" or "0600";

    /// <summary>Mass storage (01xx): passing such a device along with a GPU can take the host's disk away.</summary>
    public static bool IsStorage(string classCode) => classCode.StartsWith("01", StringComparison.Ordinal);

    /// <summary>Network controllers (02xx).</summary>
    public static bool IsNetwork(string classCode) => classCode.StartsWith("02", StringComparison.Ordinal);

    public static bool IsUsb(string classCode) => classCode == "0c03";

    public static bool IsAudio(string classCode) => classCode is "0403" or "0401";

    /// <summary>A plain-words name for a class when pci.ids is not there to name it.</summary>
    public static string Describe(string classCode) => classCode switch
    {
        "0300" => "VGA compatible controller",
        "0301" => "XGA compatible controller",
        "0302" => "3D controller",
        "0380" => "Display controller",
        "0403" => "Audio device",
        "0401" => "Multimedia audio controller",
        "0600" => "Host bridge",
        "0601" => "ISA bridge",
        "0604" => "PCI bridge",
        "0609" => "PCI bridge",
        "0680" => "Bridge",
        "0c03" => "USB controller",
        "0c05" => "SMBus",
        "0c80" => "Serial bus controller",
        "0108" => "Non-Volatile memory controller",
        "0106" => "SATA controller",
        "0104" => "RAID bus controller",
        "0200" => "Ethernet controller",
        "0280" => "Network controller",
        _ when classCode.StartsWith("01", StringComparison.Ordinal) => "Mass storage controller",
        _ when classCode.StartsWith("02", StringComparison.Ordinal) => "Network controller",
        _ when classCode.StartsWith("03", StringComparison.Ordinal) => "Display controller",
        _ when classCode.StartsWith("04", StringComparison.Ordinal) => "Multimedia controller",
        _ when classCode.StartsWith("06", StringComparison.Ordinal) => "Bridge",
        _ when classCode.StartsWith("0c", StringComparison.Ordinal) => "Serial bus controller",
        _ => "Device",
    };
}
