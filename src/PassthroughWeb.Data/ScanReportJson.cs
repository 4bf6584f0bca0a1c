using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>How a <see cref="ScanReport"/> is stored: camelCase names, enums as strings, addresses as <c>dddd:bb:ss.f</c>.</summary>
public static class ScanReportJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(ScanReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a stored report back; a row that does not hold one is a bug or a damaged database.</summary>
    public static ScanReport Deserialize(string json) =>
        JsonSerializer.Deserialize<ScanReport>(json, Options)
        ?? throw new JsonException("The stored hardware profile is empty (the JSON is 'null').");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Computed properties (DisplayName, VendorDevice) are written for readers of the raw JSON and skipped on read.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new PciAddressJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
