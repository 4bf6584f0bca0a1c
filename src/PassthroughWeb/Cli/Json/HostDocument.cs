namespace PassthroughWeb.Cli.Json;

/// <summary>Which host was scanned: its name and the root directory its files were read from.</summary>
public sealed record HostDocument
{
    public required string Name { get; init; }
    public required string Root { get; init; }
}
