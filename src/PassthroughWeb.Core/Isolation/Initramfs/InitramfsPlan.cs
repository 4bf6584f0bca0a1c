using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// What one initramfs system needs changed for step 3: the change plan (files and the regeneration command), the
/// mistakes found in the host's existing files, and what the rebuilt images must contain.
/// </summary>
public sealed record InitramfsPlan
{
    public required InitramfsSystem System { get; init; }
    public required ChangePlan Plan { get; init; }
    public required IReadOnlyList<InitramfsFinding> Findings { get; init; }
    public required ImageExpectation Expectation { get; init; }

    /// <summary>A finding that makes the plan unsafe or useless: it must not be applied as is.</summary>
    public bool IsBlocked => Findings.Any(f => f.Severity == InitramfsFindingSeverity.Blocking);
}
