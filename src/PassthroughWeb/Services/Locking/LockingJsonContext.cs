using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Services.Locking;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(HostLockHolder))]
internal sealed partial class LockingJsonContext : JsonSerializerContext;
