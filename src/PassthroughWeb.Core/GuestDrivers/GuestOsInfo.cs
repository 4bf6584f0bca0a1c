using System.Text.Json;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// The guest's operating system as <c>guest-get-osinfo</c> reports it (QEMU 2.10+). On Linux the names come from
/// os-release; the Windows agent fills them from the system (id "mswindows").
/// </summary>
public sealed record GuestOsInfo
{
    /// <summary>"debian", "mswindows" ….</summary>
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? PrettyName { get; init; }
    public string? Version { get; init; }
    public string? VersionId { get; init; }
    public string? Variant { get; init; }
    public string? KernelRelease { get; init; }
    public string? KernelVersion { get; init; }
    public string? Machine { get; init; }

    public bool IsWindows => string.Equals(Id, "mswindows", StringComparison.Ordinal);

    /// <summary>The best name to show: pretty name, else name and version, else "an unnamed operating system".</summary>
    public string DisplayName =>
        PrettyName ?? (Name is not null ? (Version is not null ? $"{Name} {Version}" : Name) : "an unnamed operating system");

    /// <summary>Reads the "return" object of guest-get-osinfo; every member is optional in the schema.</summary>
    public static GuestOsInfo? FromReturn(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return null;
        return new GuestOsInfo
        {
            Id = Text(value, "id"),
            Name = Text(value, "name"),
            PrettyName = Text(value, "pretty-name"),
            Version = Text(value, "version"),
            VersionId = Text(value, "version-id"),
            Variant = Text(value, "variant"),
            KernelRelease = Text(value, "kernel-release"),
            KernelVersion = Text(value, "kernel-version"),
            Machine = Text(value, "machine"),
        };
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.String ? member.GetString() : null;
}
