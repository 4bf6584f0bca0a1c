namespace PassthroughWeb.Core.History;

/// <summary>
/// Which steps an event belongs to when it has no change set to say so: the events the VM step and the rehearsal
/// record (<c>VmSteps</c>, <c>RehearseOperation</c> and <c>ApplyOperation</c> in the web app name these kinds). An event
/// of a change set (a verification, a rollback, a recovery) belongs to that set's steps.
/// </summary>
public static class AuditSteps
{
    private static readonly Dictionary<string, string[]> ByKind = new(StringComparer.Ordinal)
    {
        // A rehearsal boots the host's planned kernel command line and initramfs: steps 2 and 3 together.
        ["rehearsal"] = ["host", "isolate"],
        ["initramfs-check"] = ["isolate"],
        ["vm-shutdown"] = ["vm"],
        ["guest-check"] = ["guest"],
        ["guest-drivers-done"] = ["guest"],
        // Changed hardware accepted as what steps 3 and 4 stand on (Core.Drift).
        ["drift-accepted"] = ["isolate", "vm"],
    };

    /// <summary>The steps of an event of <paramref name="kind"/> that has no change set; empty when the kind names none.</summary>
    public static IReadOnlyList<string> OfEventKind(string kind) => ByKind.TryGetValue(kind, out var steps) ? steps : [];

    /// <summary>The event kinds that belong to <paramref name="step"/> by themselves.</summary>
    public static IReadOnlyList<string> KindsOf(string step) => [.. ByKind.Where(p => p.Value.Contains(step)).Select(p => p.Key)];

    /// <summary>A change set's stored steps (<c>host,isolate</c>) as a list.</summary>
    public static IReadOnlyList<string> Split(string? steps) =>
        string.IsNullOrEmpty(steps) ? [] : steps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
