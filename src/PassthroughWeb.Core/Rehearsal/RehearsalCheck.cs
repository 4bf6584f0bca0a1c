namespace PassthroughWeb.Core.Rehearsal;

/// <summary>One thing the rehearsal checked in the guest, whether it held, and what that means in words.</summary>
public sealed record RehearsalCheck
{
    /// <summary>What was checked, as a short sentence ("The vfio modules load").</summary>
    public required string Name { get; init; }

    public required bool Passed { get; init; }

    /// <summary>Could not be rehearsed here (QEMU cannot stand in for the card): neither passed nor failed; the message says why.</summary>
    public bool Skipped { get; init; }
    public required string Message { get; init; }
}
