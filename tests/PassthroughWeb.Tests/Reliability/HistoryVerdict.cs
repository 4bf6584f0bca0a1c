using System.Text.Json;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// What the history must say after a kill and the recovery that follows: no change set is left in progress or rolling
/// back; each set the kill interrupted is closed with a recovery event naming it; and the state of the set matches the
/// host (applied when the host holds the new files, anything else when it holds the old ones).
/// </summary>
internal static class HistoryVerdict
{
    public static IEnumerable<(string Id, string State)> Sets(JsonElement history) =>
        history.GetProperty("changeSets").EnumerateArray().Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("state").GetString()!));

    public static IReadOnlySet<string> Recovered(JsonElement history) =>
        history.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "recovery" && e.GetProperty("changeSetId").ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("changeSetId").GetString()!).ToHashSet(StringComparer.Ordinal);

    /// <param name="recoveryNeeded">Whether the kill is known to have left the set half done (a named point after the journal knew it).</param>
    public static IReadOnlyList<string> Check(JsonElement history, HostState host, string? setId, bool recoveryNeeded)
    {
        var problems = new List<string>();
        var sets = Sets(history).ToList();
        var recovered = Recovered(history);
        foreach (var (id, state) in sets)
        {
            if (state is "inProgress" or "rollingBack") problems.Add($"change set {id} is still {state} after the next verb");
            if (state == "interrupted" && !recovered.Contains(id)) problems.Add($"change set {id} is interrupted, but no recovery event says so");
        }
        var applied = sets.Where(s => s.State == "applied").ToList();
        if (host == HostState.New && applied.Count != 1)
            problems.Add($"the host holds the new files, but the history has {applied.Count} applied change set(s): {Describe(sets)}");
        if (host == HostState.Old && applied.Count != 0)
            problems.Add($"the host holds the old files, but the history says applied: {Describe(sets)}");
        if (recoveryNeeded)
        {
            var id = setId ?? (sets.Count > 0 ? sets[0].Id : null);
            if (id is null) problems.Add("the kill left a change set half done, but the history holds none");
            else if (!recovered.Contains(id)) problems.Add($"the kill left change set {id} half done, but no recovery event says so: {Describe(sets)}");
        }
        return problems;
    }

    private static string Describe(List<(string Id, string State)> sets) =>
        sets.Count == 0 ? "(none)" : string.Join(", ", sets.Select(s => $"{s.Id} {s.State}"));
}
