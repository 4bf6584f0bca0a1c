using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Services.Plans;

/// <summary>The stored shape of a shown plan: source-generated, kinds as words so a file reads on its own.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ShownPlan))]
internal sealed partial class ShownPlansJsonContext : JsonSerializerContext;
