namespace PassthroughWeb.Cli.Json;

public sealed record IommuDocument
{
    public required bool Enabled { get; init; }
    public required int GroupCount { get; init; }
    public required IReadOnlyList<string> Units { get; init; }

    /// <summary><c>dmar</c>, <c>ivrs</c>, <c>none</c> or <c>unknown</c>.</summary>
    public required string FirmwareTable { get; init; }
    public required IReadOnlyList<string> KernelParameters { get; init; }
    public required string Explanation { get; init; }
}
