using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Import;

/// <summary>Which kind of listing an import was read from; it decides what the import can judge.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ListingFormat>))]
public enum ListingFormat
{
    /// <summary>The guide's loop (or one of its variants): devices under their IOMMU groups.</summary>
    [JsonStringEnumMemberName("iommu-groups")] IommuGroups,

    /// <summary><c>lspci -nnk</c>: devices with their drivers, no groups.</summary>
    [JsonStringEnumMemberName("lspci-nnk")] LspciNnk,

    /// <summary><c>lspci -nn</c>: devices only, no groups, no drivers.</summary>
    [JsonStringEnumMemberName("lspci-nn")] LspciNn,
}
