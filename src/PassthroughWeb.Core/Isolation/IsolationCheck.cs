using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Isolation;

/// <summary>One check after the reboot: which device, whether it holds, and what it means in words.</summary>
public sealed record IsolationCheck
{
    public required PciAddress Device { get; init; }
    public required bool Passed { get; init; }
    public required string Message { get; init; }
}
