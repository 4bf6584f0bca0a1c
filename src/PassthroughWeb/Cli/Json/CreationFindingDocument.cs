namespace PassthroughWeb.Cli.Json;

/// <summary>One finding of the new-VM planner.</summary>
public sealed record CreationFindingDocument
{
    /// <summary><c>info</c>, <c>warning</c> or <c>refusal</c>.</summary>
    public required string Severity { get; init; }

    public required string Subject { get; init; }
    public required string Message { get; init; }
    public required string? WhatToDo { get; init; }
}
