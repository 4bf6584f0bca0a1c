using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Writes a <see cref="PciAddress"/> as its full text form <c>dddd:bb:ss.f</c> (the form the CLI's JSON and the
/// stored profiles use) and reads it back; the short <c>bb:ss.f</c> form is accepted on read.
/// </summary>
public sealed class PciAddressJsonConverter : JsonConverter<PciAddress>
{
    public override PciAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"A PCI address must be a string like \"0000:07:00.0\", not {reader.TokenType}.");
        var text = reader.GetString();
        return PciAddress.TryParse(text, out var address)
            ? address.Value
            : throw new JsonException($"'{text}' is not a PCI address (expected dddd:bb:ss.f).");
    }

    public override void Write(Utf8JsonWriter writer, PciAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
