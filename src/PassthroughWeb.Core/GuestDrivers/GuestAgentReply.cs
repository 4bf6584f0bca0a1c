using System.Text.Json;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// One reply of the QEMU guest agent, as the agent writes it and as <c>virsh qemu-agent-command</c> prints it:
/// <c>{"return": …}</c> or <c>{"error": {"class": …, "desc": …}}</c>.
/// </summary>
public sealed record GuestAgentReply
{
    /// <summary>The "return" member, cloned so it outlives the document; null when the reply is an error or unreadable.</summary>
    public JsonElement? Return { get; init; }

    /// <summary>The error class ("CommandNotFound", "GenericError" …) when the agent answered with an error.</summary>
    public string? ErrorClass { get; init; }

    public string? ErrorDescription { get; init; }

    /// <summary>Why the text is not a reply, when it is not.</summary>
    public string? Malformed { get; init; }

    public static GuestAgentReply Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new GuestAgentReply { Malformed = $"the reply is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object" };
            if (root.TryGetProperty("return", out var value)) return new GuestAgentReply { Return = value.Clone() };
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new GuestAgentReply
                {
                    ErrorClass = error.TryGetProperty("class", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
                    ErrorDescription = error.TryGetProperty("desc", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                };
            }
            return new GuestAgentReply { Malformed = "the reply has neither \"return\" nor \"error\"" };
        }
        catch (JsonException e)
        {
            return new GuestAgentReply { Malformed = $"the reply is not JSON ({e.Message})" };
        }
        catch (ArgumentException e)
        {
            // Text that is not valid UTF-16 (a lone surrogate) cannot even be handed to the JSON reader.
            return new GuestAgentReply { Malformed = $"the reply is not valid text ({e.Message})" };
        }
    }
}
