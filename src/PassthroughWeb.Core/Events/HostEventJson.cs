using System.Text.Json.Serialization;
using System.Text.Json;

namespace PassthroughWeb.Core.Events;

/// <summary>The one JSON form of host events: the feed's log file, the hub and <c>watch --json</c> all use it.</summary>
public static class HostEventJson
{
    private static readonly Dictionary<Type, string> TypeNames = typeof(HostEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The event's <c>type</c> as its JSON carries it (<c>file-written</c>).</summary>
    public static string TypeNameOf(HostEvent hostEvent)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        return TypeNames.GetValueOrDefault(hostEvent.GetType(), hostEvent.GetType().Name);
    }

    public static JsonSerializerOptions Options => HostEventJsonContext.Default.Options;

    /// <summary>One line of JSON (no line breaks: strings escape theirs), starting with the <c>type</c> field.</summary>
    public static string Serialize(HostEvent hostEvent) =>
        JsonSerializer.Serialize(hostEvent, HostEventJsonContext.Default.HostEvent);

    public static byte[] SerializeToUtf8Bytes(HostEvent hostEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(hostEvent, HostEventJsonContext.Default.HostEvent);

    /// <summary>The event, or null for JSON that is not a host event of a known type (garbage, a type from a newer version).</summary>
    public static HostEvent? Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, HostEventJsonContext.Default.HostEvent);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            // Thrown for a missing or unknown "type": a line this version cannot read is skipped like garbage.
            return null;
        }
    }

    public static HostEvent? Deserialize(string json) => Deserialize(System.Text.Encoding.UTF8.GetBytes(json));
}
