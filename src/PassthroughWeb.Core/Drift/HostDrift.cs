namespace PassthroughWeb.Core.Drift;

/// <summary>Every difference between what a host's applied change sets planned and its newest profile.</summary>
public sealed record HostDrift
{
    public static HostDrift None { get; } = new() { Differences = [] };

    public required IReadOnlyList<DeviceDrift> Differences { get; init; }

    public bool IsEmpty => Differences.Count == 0;

    /// <summary>The steps to re-check (<c>isolate</c>, <c>vm</c>), in checklist order.</summary>
    public IReadOnlyList<string> Steps =>
        [.. Differences.Select(d => d.Expected.Step).Distinct().OrderBy(s => s == "vm" ? 1 : 0)];

    /// <summary>Whether <paramref name="step"/> (<c>isolate</c>, <c>vm</c>) is to be re-checked.</summary>
    public bool Affects(string step) => Differences.Any(d => d.Expected.Step == step);

    /// <summary>One line for lists and the feed.</summary>
    public string Summary => IsEmpty
        ? "The hardware matches what the applied steps planned."
        : $"The hardware changed since {(Steps.Count == 1 ? "step " + StepNumber(Steps[0]) + " was" : "steps " + string.Join(" and ", Steps.Select(StepNumber)) + " were")} applied: " +
          $"{Differences.Count} {(Differences.Count == 1 ? "difference" : "differences")}; re-check before starting the VM.";

    /// <summary>The checklist number of a step name (<c>isolate</c> is 3, <c>vm</c> 4).</summary>
    public static int StepNumber(string step) => step == "vm" ? 4 : 3;
}
