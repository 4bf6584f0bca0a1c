namespace PassthroughWeb.Core.Changes;

/// <summary>The sentences of <see cref="PlanIdentity.Compare"/>: each names one thing a user can go and look at.</summary>
internal static class PlanIdentityComparison
{
    public static IReadOnlyList<string> Compare(PlanIdentity shown, PlanIdentity now)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(now);
        if (shown.Id == now.Id) return [];

        var changes = new List<string>();
        if (!string.Equals(shown.Host, now.Host, StringComparison.Ordinal))
            changes.Add($"the plan was shown for the host {shown.Host}, not {now.Host}");
        if (shown.Gpu != now.Gpu)
        {
            changes.Add((shown.Gpu, now.Gpu) switch
            {
                (null, { } card) => $"the plan is now for the card {card}",
                ({ } card, null) => $"the plan is no longer for a card (it was for {card})",
                _ => $"the card is now {now.Gpu} (it was {shown.Gpu})",
            });
        }
        if (!shown.Steps.SequenceEqual(now.Steps, StringComparer.Ordinal))
            changes.Add($"the steps are now {List(now.Steps)} (they were {List(shown.Steps)})");

        Contents(shown, now, PlanPartKind.FileBefore, PlanPartKind.FileAfter, changes, new Wording(
            Appeared: path => $"{path} now exists on the host; it did not when the plan was shown",
            Vanished: path => $"{path} was removed from the host since the plan was shown",
            ChangedOnHost: path => $"{path} changed on the host since the plan was shown",
            ChangedInPlan: path => $"the plan now writes different content to {path}",
            Added: path => $"the plan now also writes {path}",
            Removed: path => $"the plan no longer writes {path}"));
        Contents(shown, now, PlanPartKind.DomainBefore, PlanPartKind.DomainAfter, changes, new Wording(
            Appeared: name => $"the VM {name} now exists; it did not when the plan was shown",
            Vanished: name => $"the VM {name} was undefined since the plan was shown",
            ChangedOnHost: name => $"the VM {name}'s definition changed since the plan was shown",
            ChangedInPlan: name => $"the plan now defines the VM {name} differently",
            Added: name => $"the plan now also defines the VM {name}",
            Removed: name => $"the plan no longer defines the VM {name}"));
        Commands(shown, now, changes);
        Inputs(shown, now, changes);

        // Same parts in another order (files written or commands run in a different sequence) is still another plan.
        if (changes.Count == 0) changes.Add("the plan now does the same things in a different order");
        return changes;
    }

    private sealed record Wording(
        Func<string, string> Appeared,
        Func<string, string> Vanished,
        Func<string, string> ChangedOnHost,
        Func<string, string> ChangedInPlan,
        Func<string, string> Added,
        Func<string, string> Removed);

    private static void Contents(PlanIdentity shown, PlanIdentity now, PlanPartKind before, PlanPartKind after, List<string> changes, Wording wording)
    {
        var shownBefore = Lookup(shown, before);
        var shownAfter = Lookup(shown, after);
        var nowBefore = Lookup(now, before);
        var nowAfter = Lookup(now, after);
        foreach (var name in Names(shown, now, before))
        {
            var wasShown = shownBefore.Contains(name);
            var isPlanned = nowBefore.Contains(name);
            if (!wasShown)
            {
                changes.Add(wording.Added(name));
                continue;
            }
            if (!isPlanned)
            {
                changes.Add(wording.Removed(name));
                continue;
            }
            var then = shownBefore[name].ToList();
            var current = nowBefore[name].ToList();
            if (!then.SequenceEqual(current))
            {
                changes.Add(then.All(p => p.IsAbsent) && current.All(p => !p.IsAbsent) ? wording.Appeared(name)
                    : then.All(p => !p.IsAbsent) && current.All(p => p.IsAbsent) ? wording.Vanished(name)
                    : wording.ChangedOnHost(name));
            }
            else if (!shownAfter[name].SequenceEqual(nowAfter[name]))
            {
                changes.Add(wording.ChangedInPlan(name));
            }
        }
    }

    private static void Commands(PlanIdentity shown, PlanIdentity now, List<string> changes)
    {
        var then = Parts(shown, PlanPartKind.Command).ToList();
        var current = Parts(now, PlanPartKind.Command).ToList();
        foreach (var added in Without(current, then)) changes.Add($"the command {added.Name} is new");
        foreach (var removed in Without(then, current)) changes.Add($"the command {removed.Name} is no longer planned");
    }

    private static void Inputs(PlanIdentity shown, PlanIdentity now, List<string> changes)
    {
        var then = Lookup(shown, PlanPartKind.Input);
        var current = Lookup(now, PlanPartKind.Input);
        foreach (var name in Names(shown, now, PlanPartKind.Input))
        {
            if (!then.Contains(name)) changes.Add($"the option {name} is new");
            else if (!current.Contains(name)) changes.Add($"the option {name} is no longer given");
            else if (!then[name].SequenceEqual(current[name])) changes.Add($"the option {name} changed");
        }
    }

    /// <summary>The parts of <paramref name="from"/> left after taking out one equal part of <paramref name="taken"/> each (a multiset difference).</summary>
    private static List<PlanPart> Without(IEnumerable<PlanPart> from, IEnumerable<PlanPart> taken)
    {
        var left = from.ToList();
        foreach (var part in taken) left.Remove(part);
        return left;
    }

    private static IEnumerable<PlanPart> Parts(PlanIdentity identity, PlanPartKind kind) => identity.Parts.Where(p => p.Kind == kind);

    private static ILookup<string, PlanPart> Lookup(PlanIdentity identity, PlanPartKind kind) =>
        Parts(identity, kind).ToLookup(p => p.Name, StringComparer.Ordinal);

    /// <summary>The names of both plans, in the order of the plan as it is now, then those it no longer has.</summary>
    private static IEnumerable<string> Names(PlanIdentity shown, PlanIdentity now, PlanPartKind kind) =>
        Parts(now, kind).Concat(Parts(shown, kind)).Select(p => p.Name).Distinct(StringComparer.Ordinal);

    private static string List(IReadOnlyList<string> steps) => steps.Count == 0 ? "none" : string.Join(", ", steps);
}
