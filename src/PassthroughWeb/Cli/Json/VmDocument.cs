namespace PassthroughWeb.Cli.Json;

/// <summary>One defined VM of a connection, as <c>vms --json</c> lists it.</summary>
public sealed record VmDocument
{
    public required string Name { get; init; }

    /// <summary><c>shutOff</c>, <c>running</c>, <c>blocked</c>, <c>paused</c>, <c>shuttingDown</c>, <c>crashed</c>, <c>suspended</c> or <c>unknown</c>.</summary>
    public required string State { get; init; }

    /// <summary>The host PCI functions its definition passes through; null when its definition could not be read.</summary>
    public required IReadOnlyList<string>? Hostdevs { get; init; }
}
