namespace PassthroughWeb.Cli.Json;

/// <summary>One graphics card and the verdict on passing it to a VM.</summary>
public sealed record GpuDocument
{
    public required string Address { get; init; }
    public required string Name { get; init; }
    public required string VendorId { get; init; }
    public required IReadOnlyList<string> Functions { get; init; }
    public required IReadOnlyList<int> Groups { get; init; }

    /// <summary><c>ready</c>, <c>shared-group</c> or <c>blocked</c>.</summary>
    public required string Verdict { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required IReadOnlyList<string> GroupMates { get; init; }
    public required IReadOnlyList<string> IdCollisions { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required bool BootVga { get; init; }
}
