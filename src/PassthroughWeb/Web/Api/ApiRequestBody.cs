using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// Reads a request's JSON body. Read here rather than bound by the framework so that a body the API cannot take gets a
/// problem saying what is wrong and what is accepted, and a misspelt field ("extra" for "extras") is an error rather
/// than silently ignored.
/// </summary>
public static class ApiRequestBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The body as <typeparamref name="T"/>; null and a message when it is not JSON of that shape (or absent and not <paramref name="optional"/>).</summary>
    public static async Task<(T? Body, string? Problem)> ReadAsync<T>(HttpRequest request, string accepted, bool optional, CancellationToken ct) where T : class, new()
    {
        var json = await ReadBytesAsync(request, ct);
        if (json.Length == 0)
            return optional ? (new T(), null) : (null, $"The request needs a JSON body: {accepted}");
        return Parse<T>(json, accepted);
    }

    /// <summary>The body's bytes (empty when there is none), for a route that looks at the body before choosing its shape.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The body's bytes, or null when there are more than <paramref name="limit"/> (read no further than that).</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>JSON bytes as <typeparamref name="T"/>; null and a message when they are not JSON of that shape.</summary>
    public static (T? Body, string? Problem) Parse<T>(byte[] json, string accepted) where T : class
    {
        try
        {
            var body = JsonSerializer.Deserialize<T>(json, Options);
            return body is null ? (null, $"The body is null: send {accepted}") : (body, null);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not what this route takes ({e.Message}). Send {accepted}");
        }
    }

    /// <summary>Whether the JSON body has a <c>steps</c> field at all.</summary>
    public static bool HasSteps(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("steps", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
