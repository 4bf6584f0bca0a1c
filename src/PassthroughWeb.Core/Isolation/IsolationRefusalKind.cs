using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Isolation;

[JsonConverter(typeof(JsonStringEnumConverter<IsolationRefusalKind>))]
public enum IsolationRefusalKind
{
    /// <summary>The scan has no GPU at the requested address.</summary>
    [JsonStringEnumMemberName("unknown-gpu")] UnknownGpu,

    /// <summary>The firmware boots on this card (boot_vga=1).</summary>
    [JsonStringEnumMemberName("boot-display")] BootDisplay,

    /// <summary>The host has no other GPU.</summary>
    [JsonStringEnumMemberName("only-gpu")] OnlyGpu,

    /// <summary>The card's IOMMU group holds the controller of the disk / or /boot is on.</summary>
    [JsonStringEnumMemberName("root-disk")] RootDisk,

    /// <summary>The card's IOMMU group holds the network interface of the default route.</summary>
    [JsonStringEnumMemberName("network")] Network,
}
