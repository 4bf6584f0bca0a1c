using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PassthroughWeb.Cli.Json;

/// <summary>Source-generated serialization for the CLI's JSON: no reflection, and the contract's shape is fixed at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScanDocument))]
[JsonSerializable(typeof(PlanDocument))]
[JsonSerializable(typeof(ApplyDocument))]
[JsonSerializable(typeof(VerifyDocument))]
[JsonSerializable(typeof(HistoryDocument))]
[JsonSerializable(typeof(VmPlanDocument))]
[JsonSerializable(typeof(VmApplyDocument))]
[JsonSerializable(typeof(VmListDocument))]
[JsonSerializable(typeof(CreateVmDocument))]
[JsonSerializable(typeof(GuestDocument))]
[JsonSerializable(typeof(RehearsalDocument))]
[JsonSerializable(typeof(RollbackDocument))]
[JsonSerializable(typeof(AuditPageDocument))]
[JsonSerializable(typeof(DriftAcceptDocument))]
[JsonSerializable(typeof(DatabaseCopyDocument))]
[JsonSerializable(typeof(RolloutDocument))]
[JsonSerializable(typeof(IReadOnlyList<RolloutDocument>))]
[JsonSerializable(typeof(HostResourcesDocument))]
public sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the CLI writes with. Device names hold quotes, apostrophes and '+' (pci.ids): the relaxed
    /// encoder keeps them readable; stdout is never embedded in HTML.
    /// </summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
