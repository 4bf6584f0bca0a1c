namespace PassthroughWeb.Cli.Json;

public sealed record RefusalDocument
{
    public required string Step { get; init; }
    public required string Why { get; init; }
    public required string WhatToDo { get; init; }
    public required bool LiftedBySingleGpu { get; init; }
}
