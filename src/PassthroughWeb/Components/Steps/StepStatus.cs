using MudBlazor;

namespace PassthroughWeb.Components.Steps;

/// <summary>A step card's status chip: a word or two and a colour.</summary>
public sealed record StepStatus(string Text, Color Color);
