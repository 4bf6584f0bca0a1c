using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>How the journal's JSON columns are written: camelCase, enums as strings, PCI addresses as <c>dddd:bb:ss.f</c>.</summary>
public static class ChangeSetJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a column back; a column that does not hold the type is a damaged database.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is empty (the JSON is 'null').");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new PciAddressJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
