namespace PassthroughWeb.Services;

/// <summary>A host steps 2 and 3 work on: its name in the history and the root its files are under (<c>/</c>, or a copy such as the demo).</summary>
public sealed record StepHost
{
    public required string Name { get; init; }
    public required string Root { get; init; }
    public bool IsDemo { get; init; }
}
