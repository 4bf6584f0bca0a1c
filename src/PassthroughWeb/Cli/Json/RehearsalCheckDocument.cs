namespace PassthroughWeb.Cli.Json;

public sealed record RehearsalCheckDocument
{
    public required string Name { get; init; }
    public required bool Passed { get; init; }

    /// <summary>Not rehearsed here (QEMU cannot stand in for the card): neither passed nor failed.</summary>
    public required bool Skipped { get; init; }
    public required string Message { get; init; }
}
