using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Isolation;

[JsonConverter(typeof(JsonStringEnumConverter<BindingMethod>))]
public enum BindingMethod
{
    /// <summary><c>options vfio-pci ids=…</c>: every device with those IDs goes to vfio-pci. Only when no other device shares them.</summary>
    [JsonStringEnumMemberName("id")] ById,

    /// <summary><c>driver_override</c> for exactly the chosen addresses, set at boot before any GPU driver loads.</summary>
    [JsonStringEnumMemberName("address")] ByAddress,
}
