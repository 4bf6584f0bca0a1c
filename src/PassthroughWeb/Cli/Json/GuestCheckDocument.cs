namespace PassthroughWeb.Cli.Json;

/// <summary>One check step 5 makes itself.</summary>
public sealed record GuestCheckDocument
{
    public required string Subject { get; init; }

    /// <summary><c>passed</c>, <c>warning</c>, <c>failed</c> or <c>unknown</c>.</summary>
    public required string Outcome { get; init; }

    public required string Message { get; init; }
}
