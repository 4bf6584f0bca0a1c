namespace PassthroughWeb.Core.Steps;

/// <summary>The names steps go by in plans, the history and on the command line (<c>host</c>, <c>isolate</c>).</summary>
public static class HostSteps
{
    public const string HostName = "host";
    public const string IsolateName = "isolate";

    public static string NameOf(HostStep step) => step switch
    {
        HostStep.Host => HostName,
        HostStep.Isolate => IsolateName,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step."),
    };

    /// <summary>
    /// Reads a comma-separated list (<c>host,isolate</c>) into steps in checklist order, each once. Returns null and a
    /// message naming the bad word when a name is unknown or the list is empty.
    /// </summary>
    public static IReadOnlyList<HostStep>? TryParse(string? text, out string? problem)
    {
        var steps = new SortedSet<HostStep>();
        var words = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var word in words)
        {
            switch (word.ToLowerInvariant())
            {
                case HostName:
                    steps.Add(HostStep.Host);
                    break;
                case IsolateName:
                    steps.Add(HostStep.Isolate);
                    break;
                default:
                    problem = $"'{word}' is not a step that changes the host: use {HostName} (step 2, the IOMMU on the kernel command line), {IsolateName} (step 3, the GPU on vfio-pci) or {HostName},{IsolateName} (both, one reboot).";
                    return null;
            }
        }
        if (steps.Count == 0)
        {
            problem = $"No step was given: use {HostName}, {IsolateName} or {HostName},{IsolateName}.";
            return null;
        }
        problem = null;
        return [.. steps];
    }

    /// <summary>
    /// The steps in words, as messages name them to people: "step 2 (IOMMU kernel parameters) and step 3 (vfio
    /// isolation)". <paramref name="names"/> as stored (<c>host,isolate</c>, or a list); a name this version does not
    /// know is kept as it is.
    /// </summary>
    public static string Describe(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var words = names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().Select(n => n switch
        {
            HostName => "step 2 (IOMMU kernel parameters)",
            IsolateName => "step 3 (vfio isolation)",
            _ => $"step {n}",
        }).ToList();
        return words.Count <= 1 ? string.Concat(words) : string.Join(", ", words[..^1]) + " and " + words[^1];
    }

    /// <summary><see cref="Describe(IEnumerable{string})"/> of a comma-separated list as a change set stores it (<c>host,isolate</c>).</summary>
    public static string Describe(string names) => Describe([names]);

    /// <summary>Step names as stored in a plan's <c>Steps</c>, back into steps; unknown names are left out.</summary>
    public static IReadOnlyList<HostStep> FromNames(IEnumerable<string> names) =>
        [.. names.Select(n => n switch { HostName => (HostStep?)HostStep.Host, IsolateName => HostStep.Isolate, _ => null }).OfType<HostStep>().Distinct().Order()];
}
