using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Core.Events;

/// <summary>
/// The source-generated serializer of <see cref="HostEvent"/>s: camelCase, nulls left out, and the <c>type</c> field
/// accepted anywhere in an object (a client may reorder properties). Chain it into SignalR's or an API's options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(HostEvent))]
public sealed partial class HostEventJsonContext : JsonSerializerContext;
