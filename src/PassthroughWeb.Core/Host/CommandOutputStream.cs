using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Host;

/// <summary>Which of a program's outputs a line came from; <c>stdout</c> or <c>stderr</c> in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommandOutputStream>))]
public enum CommandOutputStream
{
    [JsonStringEnumMemberName("stdout")]
    StandardOutput,

    [JsonStringEnumMemberName("stderr")]
    StandardError,
}
