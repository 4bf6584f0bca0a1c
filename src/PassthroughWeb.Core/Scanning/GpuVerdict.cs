using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Scanning;

[JsonConverter(typeof(JsonStringEnumConverter<GpuVerdict>))]
public enum GpuVerdict
{
    /// <summary>Only the GPU's own functions and bridges share its IOMMU groups.</summary>
    [JsonStringEnumMemberName("ready")] Ready,

    /// <summary>Other endpoints share a group: they would go to the VM with the GPU.</summary>
    [JsonStringEnumMemberName("shared-group")] SharedGroup,

    /// <summary>No IOMMU groups, or no hardware virtualization.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,

    /// <summary>What decides the verdict is not known: an imported listing without IOMMU groups (plain <c>lspci</c> output).</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
}
