using System.Text.Json.Serialization;

namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>vms --json</c>.</summary>
public sealed record VmListDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required string Connection { get; init; }
    public required IReadOnlyList<VmDocument> Vms { get; init; }

    /// <summary>
    /// Whether step 4's changes go to <see cref="Connection"/> on the host; null from <c>vms --json</c>, which names no
    /// host. An agent answers it for its hub's host page (false on a copy of a host with no <c>--connect</c>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ChangesLibvirt { get; init; }

    /// <summary>Where step 4's changes go, or why they are only listed, in one sentence; null from <c>vms --json</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Libvirt { get; init; }

    /// <summary>
    /// libvirt's error when it did not answer; null when it did. <c>vms --json</c> prints the error and exits 6 instead;
    /// an agent answers it to its hub, which shows it on the host page.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LibvirtErrorDocument? Error { get; init; }
}
