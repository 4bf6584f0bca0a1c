namespace PassthroughWeb.Core.Rehearsal;

/// <summary>A prepared rehearsal, or the report of why none could be prepared (no QEMU, no kernel, the image failed …).</summary>
public sealed record RehearsalPreparation
{
    public PreparedRehearsal? Prepared { get; init; }
    public RehearsalReport? Failure { get; init; }
}
