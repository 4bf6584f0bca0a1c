using PassthroughWeb.Core.Checklist;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// The host page's checklist as the step cards see it (one cascading value): the progress of every step, which cards are
/// open, and the two things a card tells the page — open or close me, and what my plan says.
/// </summary>
public sealed record ChecklistView
{
    public required ChecklistProgress Progress { get; init; }

    public required IReadOnlySet<int> Expanded { get; init; }

    /// <summary>Opens or closes the card of a step.</summary>
    public required Action<int> Toggle { get; init; }

    /// <summary>A card's own facts (its plan, its words, its apply while it runs), by step number.</summary>
    public required Action<int, StepFacts> Report { get; init; }

    public StepProgress StepOf(int number) => Progress.Steps[number - 1];

    public bool IsExpanded(int number) => Expanded.Contains(number);
}
